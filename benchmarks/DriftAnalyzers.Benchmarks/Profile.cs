using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using DriftAnalyzers.Model;
using DriftAnalyzers.Tests.Infrastructure;
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

            // Roslyn's own cost of the editor's loop (new compilation, analyzer driver, symbol actions on the edited
            // document), with an analyzer that does nothing, against the same loop with DriftAnalyzers.
            var noOp = ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpAnalyzer());
            Console.WriteLine($"edit + analyze, no-op analyzer (floor): {MedianMilliseconds(() => bench.EditThenAnalyze(noOp, bench.Edit).GetAwaiter().GetResult())} ms");
            Console.WriteLine($"edit + analyze, DriftAnalyzers: {MedianMilliseconds(() => bench.EditThenAnalyzeDocument().GetAwaiter().GetResult())} ms");
            Console.WriteLine($"a new type's name typed + analyze, no-op analyzer (floor): {MedianMilliseconds(() => bench.EditThenAnalyze(noOp, bench.EditTypeName).GetAwaiter().GetResult())} ms");
            int extractions = TreeFacts.ExtractionCount;
            Console.WriteLine($"a new type's name typed + analyze, DriftAnalyzers: {MedianMilliseconds(() => bench.TypeNameThenAnalyzeDocument().GetAwaiter().GetResult())} ms, {(TreeFacts.ExtractionCount - extractions) / 9.0:F1} files read per keystroke");
            var edits = new List<(long, long, long, long, long, long)>();
            for (int i = 0; i < 9; i++)
            {
                edits.Add(Split(bench.Edit()));
            }

            Console.WriteLine("after an edit, median of 9: " + Medians(edits));

            // A full read: a global using added, so no file's facts hold (any name anywhere may bind otherwise). The
            // compiler's own binding of the declarations (the floor) is done first, as a build does it anyway.
            var reads = new List<(long, long, long, long, long, long)>();
            var floors = new List<double>();
            using var allocations = new AllocationSampler();
            for (int i = 0; i < 9; i++)
            {
                var fresh = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("global using X" + i + " = System.String;"));
                var stopwatch = Stopwatch.StartNew();
                _ = Walk(fresh.Assembly.GlobalNamespace);
                floors.Add(stopwatch.ElapsedMilliseconds);
                allocations.Sampling = true;
                reads.Add(Split(fresh));
                allocations.Sampling = false;
            }

            Console.WriteLine($"floor, every type's properties, attributes and property types bound, median of 9: {BuildBenchmark.Median(floors)} ms");
            Console.WriteLine("full read after that, median of 9: " + Medians(reads));
            Console.WriteLine("allocated by the nine full reads, by type (sampled):");
            foreach (string line in allocations.Top(15))
            {
                Console.WriteLine(line);
            }

            Retained(compilation);
        }

        /// <summary>
        /// What a full read keeps alive while its compilation lives (in a build: until the build ends). A build's garbage
        /// collections copy and mark what lives, not what was allocated and dropped, so this is what costs.
        /// </summary>
        private static void Retained(Compilation compilation)
        {
            // Files of its own (facts are kept by path and content): the facts kept for the other compilations' files are
            // neither found nor counted.
            var fresh = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(
                compilation.SyntaxTrees.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), (CSharpParseOptions)t.Options, "/retained" + t.FilePath)));
            _ = Walk(fresh.Assembly.GlobalNamespace);
            long floor = LiveBytes();
            var stamp = CompilationStamp.Of(fresh, CancellationToken.None);
            foreach (var tree in fresh.SyntaxTrees)
            {
                TreeFacts.For(fresh, tree, stamp, CancellationToken.None);
            }

            long facts = LiveBytes();
            var model = EntityModelBuilder.Build(fresh, EmptyOptions.Instance, CancellationToken.None);
            long all = LiveBytes();
            GC.KeepAlive(model);
            GC.KeepAlive(fresh);
            Console.WriteLine($"kept alive by a full read: facts {(facts - floor) / 1e6:F1} MB ({(facts - floor) / fresh.SyntaxTrees.Count():N0} bytes per file; kept across builds), model {(all - facts) / 1e6:F1} MB (for the compilation's lifetime; bound by the compiler anyway: not counted)");
        }

        private static long LiveBytes()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return GC.GetTotalMemory(forceFullCollection: true);
        }

        private static string Medians(List<(long Stamp, long Facts, long Model, long FactsBytes, long ModelBytes, long GcPauses)> times)
            => $"stamp {Median(times, t => t.Stamp)} ms, facts {Median(times, t => t.Facts)} ms ({Median(times, t => t.FactsBytes) / 1e6:F1} MB allocated), "
                + $"model from facts {Median(times, t => t.Model)} ms ({Median(times, t => t.ModelBytes) / 1e6:F1} MB); garbage collection pauses within them {Median(times, t => t.GcPauses)} ms";

        private static double Median<T>(List<T> values, Func<T, long> of) => BuildBenchmark.Median(values.Select(v => (double)of(v)).ToList());

        /// <summary>Builds the model of <paramref name="compilation"/>: how long the stamp, the facts and the model took, and how much of it the garbage collector paused the process.</summary>
        private static (long Stamp, long Facts, long Model, long FactsBytes, long ModelBytes, long GcPauses) Split(Compilation compilation)
        {
            var paused = GC.GetTotalPauseDuration();
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            var stopwatch = Stopwatch.StartNew();
            var stamp = CompilationStamp.Of(compilation, CancellationToken.None);
            long stampTime = stopwatch.ElapsedMilliseconds;
            foreach (var tree in compilation.SyntaxTrees)
            {
                TreeFacts.For(compilation, tree, stamp, CancellationToken.None);
            }

            long factsTime = stopwatch.ElapsedMilliseconds;
            long factsAllocated = GC.GetTotalAllocatedBytes(precise: true);
            _ = EntityModelBuilder.Build(compilation, EmptyOptions.Instance, CancellationToken.None);
            return (stampTime, factsTime - stampTime, stopwatch.ElapsedMilliseconds - factsTime, factsAllocated - allocated, GC.GetTotalAllocatedBytes(precise: true) - factsAllocated, (long)(GC.GetTotalPauseDuration() - paused).TotalMilliseconds);
        }

        /// <summary>The median wall time of nine runs, in milliseconds.</summary>
        private static double MedianMilliseconds(Action run)
        {
            var times = new List<double>();
            for (int i = 0; i < 9; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                run();
                times.Add(stopwatch.ElapsedMilliseconds);
            }

            return BuildBenchmark.Median(times);
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

#pragma warning disable RS1036, RS1038, RS1041, RS2008 // A measuring instrument run in-process, never loaded by a compiler.
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        private sealed class NoOpAnalyzer : DiagnosticAnalyzer
        {
            private static readonly DiagnosticDescriptor Rule = new("NOOP", "no-op", "no-op", "Benchmark", DiagnosticSeverity.Hidden, true);

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
                context.RegisterCompilationStartAction(start => start.RegisterSymbolAction(_ => { }, SymbolKind.NamedType));
            }
        }

#pragma warning restore RS1036, RS1038, RS1041, RS2008
    }
}
