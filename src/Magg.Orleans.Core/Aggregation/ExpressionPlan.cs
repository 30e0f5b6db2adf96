using Magg.Orleans.Core.Expressions;

namespace Magg.Orleans.Core.Aggregation;

/// <summary>
/// The expressions of one config (variable expressions and <c>average</c> weights, in evaluation order) compiled once
/// into a graph of distinct subexpressions: equal subtrees anywhere in the config become one node, and a node used
/// more than once (<see cref="Uses"/> of 2 or more, e.g. atl06's <c>1.0 / s_li**2</c> in both h_mean's weights and
/// h_sigma) is the only kind <see cref="SegmentEvaluator"/> memoises. Compilation and evaluation walk the graph with
/// explicit stacks, so no expression, however deep, can overflow the call stack.
/// </summary>
/// <remarks>
/// Evaluation order follows Sethi and Ullman: of two operands, the one needing more stack slots is evaluated first,
/// so a subexpression needs at most <see cref="PlanNode.Slots"/> values on the stack at once, which is at most
/// floor(log2(leaves)) + 1: 8 for the 256-node expressions the parser accepts (at most 128 leaves), whatever their shape.
/// </remarks>
internal sealed class ExpressionPlan
{
    /// <summary>Most memoised values that hold an array at once; further repeats are recomputed (same bits, more time).</summary>
    public const int MaxMemoArrays = 4;

    private readonly int[] _uses;

    private ExpressionPlan(PlanNode[] nodes, int[] uses, int[] roots)
    {
        Nodes = nodes;
        _uses = uses;
        Roots = roots;
        MaxSlots = roots.Length == 0 ? 0 : roots.Max(r => nodes[r].Slots);
    }

    /// <summary>The distinct subexpressions; every operand comes before the nodes that use it.</summary>
    public IReadOnlyList<PlanNode> Nodes { get; }

    /// <summary>The node of each compiled expression, in the order they were given.</summary>
    public IReadOnlyList<int> Roots { get; }

    /// <summary>How many times each node is asked for per cell: once per edge from another node, once per root.</summary>
    public ReadOnlySpan<int> Uses => _uses;

    /// <summary>Most values any root keeps on the evaluation stack at once.</summary>
    public int MaxSlots { get; }

    /// <summary>Most temporary arrays alive at once while evaluating: the stack, the memo, and the result being built.</summary>
    public int MaxLiveTemporaries => MaxSlots + MaxMemoArrays + 1;

    /// <summary>The canonical text of every subexpression that is memoised because it repeats (for tests and diagnostics).</summary>
    public IReadOnlyList<string> Repeated() =>
        Nodes.Select((node, id) => (node, id))
            .Where(p => p.node.Kind is not (PlanKind.Constant or PlanKind.Column) && _uses[p.id] >= 2)
            .Select(p => ExpressionPrinter.Print(p.node.Source))
            .ToArray();

    /// <summary>Compiles <paramref name="expressions"/>; columns are looked up in <paramref name="columnIndex"/>.</summary>
    public static ExpressionPlan Compile(IReadOnlyList<ExpressionNode> expressions, IReadOnlyDictionary<string, int> columnIndex)
    {
        var builder = new Builder(columnIndex);
        var roots = expressions.Select(builder.Add).ToArray();
        var nodes = builder.Nodes.ToArray();
        var uses = new int[nodes.Length];
        foreach (var node in nodes)
        {
            if (node.First >= 0)
            {
                uses[node.First]++;
            }

            if (node.Second >= 0)
            {
                uses[node.Second]++;
            }
        }

        foreach (var root in roots)
        {
            uses[root]++;
        }

        return new ExpressionPlan(nodes, uses, roots);
    }

    private readonly record struct Key(PlanKind Kind, int Operation, long Bits, int First, int Second);

    private sealed class Builder(IReadOnlyDictionary<string, int> columnIndex)
    {
        private readonly Dictionary<Key, int> _ids = [];

        public List<PlanNode> Nodes { get; } = [];

        /// <summary>Interns every subtree of <paramref name="root"/> (post-order, explicit stack) and returns the root's node.</summary>
        public int Add(ExpressionNode root)
        {
            var ids = new Dictionary<ExpressionNode, int>(ReferenceEqualityComparer.Instance);
            var pending = new Stack<(ExpressionNode Node, bool Ready)>();
            pending.Push((root, false));
            while (pending.TryPop(out var item))
            {
                if (!item.Ready)
                {
                    pending.Push((item.Node, true));
                    foreach (var child in Children(item.Node))
                    {
                        pending.Push((child, false));
                    }

                    continue;
                }

                ids[item.Node] = item.Node switch
                {
                    NumberNode number => Intern(new Key(PlanKind.Constant, 0, BitConverter.DoubleToInt64Bits(number.Value), -1, -1), number),
                    ColumnNode column => Intern(new Key(PlanKind.Column, columnIndex[column.Name], 0, -1, -1), column),
                    UnaryNode { Operator: UnaryOperator.Plus } plus => ids[plus.Operand],
                    UnaryNode negate => Intern(new Key(PlanKind.Negate, 0, 0, ids[negate.Operand], -1), negate),
                    BinaryNode binary => Intern(new Key(PlanKind.Binary, (int)binary.Operator, 0, ids[binary.Left], ids[binary.Right]), binary),
                    CallNode call => Intern(new Key(PlanKind.Call, (int)call.Function, 0, ids[call.Arguments[0]],
                        call.Arguments.Count > 1 ? ids[call.Arguments[1]] : -1), call),
                    _ => throw new NotSupportedException($"Unknown expression node {item.Node.GetType().Name}."),
                };
            }

            return ids[root];
        }

        private static IEnumerable<ExpressionNode> Children(ExpressionNode node) => node switch
        {
            UnaryNode unary => [unary.Operand],
            BinaryNode binary => [binary.Left, binary.Right],
            CallNode call => call.Arguments,
            _ => [],
        };

        private int Intern(Key key, ExpressionNode source)
        {
            if (_ids.TryGetValue(key, out var id))
            {
                return id;
            }

            var first = key.First >= 0 ? Nodes[key.First].Slots : 0;
            var second = key.Second >= 0 ? Nodes[key.Second].Slots : 0;
            var slots = key.Second < 0 ? Math.Max(first, 1) : first == second ? first + 1 : Math.Max(first, second);
            var constant = key.Kind == PlanKind.Constant ? BitConverter.Int64BitsToDouble(key.Bits) : 0;
            var node = new PlanNode(key.Kind, constant, key.Kind == PlanKind.Column ? key.Operation : -1,
                (BinaryOperator)key.Operation, (ExpressionFunction)key.Operation, key.First, key.Second, second > first, slots, source);
            id = Nodes.Count;
            Nodes.Add(node);
            _ids[key] = id;
            return id;
        }
    }
}
