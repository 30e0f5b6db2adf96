# The Magg silo (and the magg-orleans CLI) in one image. Build: docker build -t magg-orleans .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Magg.Orleans.Silo/Magg.Orleans.Silo.csproj -c Release -o /app/silo \
 && dotnet publish src/Magg.Orleans.Cli/Magg.Orleans.Cli.csproj -c Release -o /app/cli

# The aspnet runtime: the silo serves the HTTP API when MAGG_HTTP is set.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Cluster defaults; the task sets MAGG_REDIS, MAGG_DYNAMODB_TABLE and AWS_REGION (see deploy/README.md). Flags given
# after the image name (docker run ... magg-orleans --silo-port 11112) win over these variables.
ENV DOTNET_gcServer=1 \
    MAGG_CLUSTERING=redis \
    MAGG_STORAGE=dynamodb
USER $APP_UID
# 11111: silo-to-silo, 30000: client gateway
EXPOSE 11111 30000
ENTRYPOINT ["dotnet", "/app/silo/Magg.Orleans.Silo.dll"]
