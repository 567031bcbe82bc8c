using EdgeAE.Onnx.Graphs;
using EdgeAE.Onnx.Proto;

namespace EdgeAE.Quantization;

/// <summary>
/// Moves a Relu up past data-movement ops (Relu(Reshape(x)) = Reshape(Relu(x))) until it sits right
/// after the op that computes its input, so the Relu can be folded into that op's quantized range.
/// The ConvTranspose rewrite ends in Reshape/Transpose/Slice, which would otherwise separate the
/// decoder's Conv from its activation.
/// </summary>
internal static class ReluHoisting
{
    public static int Apply(GraphProto graph)
    {
        int moved = 0;
        var names = new GraphNames(graph);
        bool changed = true;
        while (changed)
        {
            changed = false;
            var query = new GraphQuery(graph);
            foreach (var relu in graph.Node.Where(n => n.OpType == "Relu" && GraphQuery.IsDefaultDomain(n)).ToList())
            {
                string b = relu.Input[0];
                if (query.Producer(b) is not { } mover || !OpKinds.IsDataMovement(mover) || mover.Output.Count != 1) continue;
                string a = mover.Input[0];
                if (query.IsGraphOutput(b) || query.Consumers(b).Count != 1) continue;
                if (query.Consumers(a).Count != 1 || query.IsGraphOutput(a)) continue;
                if (graph.Initializer.Any(t => t.Name == a) || graph.Input.Any(i => i.Name == a)) continue;
                // a → mover → b → relu → c   becomes   a → relu → b' → mover → c
                string c = relu.Output[0];
                string fresh = names.Fresh(a + "_relu");
                relu.Input[0] = a;
                relu.Output[0] = fresh;
                mover.Input[0] = fresh;
                mover.Output[0] = c;
                RemoveValueInfo(graph, b);
                moved++;
                changed = true;
                break;
            }
            if (changed) GraphEdits.TopologicalSort(graph);
        }
        return moved;
    }

    private static void RemoveValueInfo(GraphProto graph, string name)
    {
        for (int i = graph.ValueInfo.Count - 1; i >= 0; i--)
            if (graph.ValueInfo[i].Name == name) graph.ValueInfo.RemoveAt(i);
    }
}
