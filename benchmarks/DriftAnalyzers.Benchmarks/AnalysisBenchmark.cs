using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DriftAnalyzers.Snapshots;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Microsoft.EntityFrameworkCore;

namespace DriftAnalyzers.Benchmarks
{
    /// <summary>
    /// The editor's loop: one character typed in one entity file of an N-entity project, then the analyzers run again on
    /// that document (as the IDE does for the open file) — a new compilation each time, as after every keystroke.
    /// </summary>
    [Config(typeof(InProcessShortRun))]
    [MemoryDiagnoser]
    public class AnalysisBenchmark
    {
        private CSharpCompilation compilation = null!;
        private SyntaxTree edited = null!;
        private AnalyzerOptions options = null!;
        private ImmutableArray<DiagnosticAnalyzer> analyzers;
        private int edits;

        [Params(200, 2000, 10000)]
        public int Entities { get; set; }

        /// <summary>The generated project's compilation (after <see cref="Setup"/>), for the profile mode.</summary>
        internal CSharpCompilation Compilation => compilation;

        [GlobalSetup]
        public void Setup()
        {
            var sources = ProjectGenerator.Sources(Entities);
            compilation = CSharpCompilation.Create(
                "Bench",
                sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, new CSharpParseOptions(LanguageVersion.Latest), path: s.Path)),
                References(),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            edited = compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith(ProjectGenerator.Entity(Entities / 2) + ".cs", StringComparison.Ordinal));
            options = new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(new Snapshot(ProjectGenerator.Snapshot(Entities))));
            analyzers = typeof(Descriptors).Assembly.GetTypes()
                .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();

            // The open solution has been analyzed before the keystroke.
            var diagnostics = compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            Console.WriteLine("// " + Entities + " entities: " + diagnostics.Length + " diagnostics (" + string.Join(", ", diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key).Select(g => g.Key + " x" + g.Count())) + "), snapshot parses so far: " + SnapshotCache.ParseCount);
        }

        /// <summary>The compilation after one more one-character edit (for the profile mode).</summary>
        internal CSharpCompilation Edit()
        {
            var text = edited.GetText();
            int at = text.ToString().IndexOf("public int Count", StringComparison.Ordinal) + "public int Coun".Length;
            char c = (char)('a' + (edits++ % 26));
            return compilation.ReplaceSyntaxTree(edited, edited.WithChangedText(text.WithChanges(new TextChange(new TextSpan(at, 1), c.ToString()))));
        }

        /// <summary>
        /// The compilation after one more character of a new type's name is typed in the edited file (<c>class Drafta</c>,
        /// then <c>class Draftb</c>...): the names the compilation declares change at every keystroke.
        /// </summary>
        internal CSharpCompilation EditTypeName()
        {
            char c = (char)('a' + (edits++ % 26));
            return compilation.ReplaceSyntaxTree(edited, edited.WithChangedText(SourceText.From(edited.GetText() + "\npublic class Draft" + c + " { }\n")));
        }

        [Benchmark(Description = "one-character edit, then the edited document is analyzed")]
        public Task<int> EditThenAnalyzeDocument() => EditThenAnalyze(analyzers, Edit);

        [Benchmark(Description = "one character of a new type's name typed, then the edited document is analyzed")]
        public Task<int> TypeNameThenAnalyzeDocument() => EditThenAnalyze(analyzers, EditTypeName);

        /// <summary>The editor's loop with the given analyzers (the profile mode compares ours with a no-op one).</summary>
        internal async Task<int> EditThenAnalyze(ImmutableArray<DiagnosticAnalyzer> analyzers, Func<CSharpCompilation> edit)
        {
            // A different character each time, so no cache can serve an unchanged tree.
            var next = edit();
            var model = next.GetSemanticModel(next.SyntaxTrees.Single(t => t.FilePath == edited.FilePath));
            var diagnostics = await next.WithAnalyzers(analyzers, options).GetAnalyzerSemanticDiagnosticsAsync(model, null, CancellationToken.None);
            return diagnostics.Length;
        }

        private static IEnumerable<MetadataReference> References()
        {
            var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
            var extra = new[]
            {
                typeof(DbContext).Assembly.Location, typeof(KeylessAttribute).Assembly.Location, typeof(RelationalDatabaseFacadeExtensions).Assembly.Location,
                typeof(NpgsqlDbContextOptionsBuilderExtensions).Assembly.Location, typeof(NamingConventionsExtensions).Assembly.Location,
            };
            return trusted.Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
                .Concat(extra).Distinct().Select(p => MetadataReference.CreateFromFile(p));
        }

        private sealed class Snapshot : AdditionalText
        {
            private readonly SourceText text;

            public Snapshot(string content)
            {
                text = SourceText.From(content);
            }

            public override string Path => "/schema-snapshots/bench.json";

            public override SourceText GetText(CancellationToken cancellationToken = default) => text;
        }

        private sealed class InProcessShortRun : ManualConfig
        {
            public InProcessShortRun()
            {
                AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10).WithLaunchCount(1));
                WithOptions(ConfigOptions.DisableOptimizationsValidator);
            }
        }
    }
}
