using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using DriftAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Benchmarks
{
    /// <summary><c>profile N</c>: where the per-compilation model build spends its time (a quick look, not a benchmark).</summary>
    internal static class Profile
    {
        public static void Run(int entities)
        {
            var bench = new AnalysisBenchmark { Entities = entities };
            bench.Setup();
            var compilation = bench.Compilation;
            for (int i = 0; i < 3; i++)
            {
                var fresh = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class X" + i + " {}"));
                var stopwatch = Stopwatch.StartNew();
                int members = Walk(fresh.Assembly.GlobalNamespace);
                Console.WriteLine($"floor, every type's properties, attributes and property types bound: {stopwatch.ElapsedMilliseconds} ms ({members} properties)");
                stopwatch.Restart();
                var model = EntityModelBuilder.Build(fresh, EfCoreSymbols.Create(fresh)!, new Empty(), CancellationToken.None);
                Console.WriteLine($"model build after that: {stopwatch.ElapsedMilliseconds} ms ({model.Entities.Count} entities)");
            }
        }

        private static int Walk(INamespaceOrTypeSymbol container)
        {
            int count = 0;
            foreach (var member in container.GetMembers())
            {
                if (member is INamespaceOrTypeSymbol nested)
                {
                    count += Walk(nested);
                }

                if (member is INamedTypeSymbol type)
                {
                    _ = type.GetAttributes();
                    _ = type.AllInterfaces;
                }

                if (member is IPropertySymbol property)
                {
                    _ = property.Type;
                    _ = property.GetAttributes();
                    count++;
                }
            }

            return count;
        }

        private sealed class Empty : AnalyzerConfigOptionsProvider
        {
            public override AnalyzerConfigOptions GlobalOptions => None.Instance;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None.Instance;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => None.Instance;

            private sealed class None : AnalyzerConfigOptions
            {
                public static readonly None Instance = new();

                public override bool TryGetValue(string key, out string value)
                {
                    value = string.Empty;
                    return false;
                }
            }
        }
    }
}
