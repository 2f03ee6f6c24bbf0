using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DriftAnalyzers.Model;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Model
{
    /// <summary>
    /// The command-line compiler's server runs one build after another in one process, and each build has new syntax
    /// trees, new reference objects and new options for the same project. Facts are kept by content, so a build of
    /// unchanged files reads nothing again; a build where a reference, an option or the parse options changed reads
    /// everything again; and what is reported lands in the new build's own trees.
    /// </summary>
    public class BuildAfterBuildTests
    {
        private static readonly (string Path, string Text)[] Sources =
        {
            ("/build/Note.cs", "namespace App;\npublic class Note : Lib.Audited\n{\n    public int Id { get; set; }\n    public Guid ExternalId { get; set; }\n}\n"),
            ("/build/Tag.cs", "namespace App;\npublic class Tag\n{\n    public int Id { get; set; }\n#if LEGACY\n    public Guid NoteId { get; set; }\n#else\n    public int NoteId { get; set; }\n#endif\n}\n"),
            ("/build/AppContext.cs", "using Microsoft.EntityFrameworkCore;\nnamespace App;\npublic class AppDbContext : DbContext\n{\n    public DbSet<Note> Notes => Set<Note>();\n    public DbSet<Tag> Tags => Set<Tag>();\n    protected override void OnModelCreating(ModelBuilder b) => b.Entity<Tag>().ToTable(\"tags\");\n}\n"),
        };

        // external_id is integer in the database: Note.ExternalId (Guid) drifts in every build.
        private static readonly string Snapshot = new SnapshotJson()
            .Table("public", "Notes", "Id integer", "ExternalId integer", "CreatedBy integer")
            .Table("public", "tags", "Id integer", "NoteId integer")
            .ToString();

        private const string LibraryV1 = "namespace Lib;\npublic abstract class Audited { public int CreatedBy { get; set; } }\n";
        private const string LibraryV2 = "namespace Lib;\npublic abstract class Audited { public Guid CreatedBy { get; set; } }\n";

        [Test]
        public async Task A_build_of_the_same_files_reads_nothing_again_and_reports_in_its_own_trees()
        {
            var first = Build(LibraryV1);
            var (firstDiagnostics, firstExceptions) = await AnalyzerRunner.RunAsync(first, Snapshot);
            var second = Build(LibraryV1);
            var (secondDiagnostics, secondExceptions) = await AnalyzerRunner.RunAsync(second, Snapshot);

            Assert.That(firstExceptions.Concat(secondExceptions), Is.Empty);
            Assert.That(Describe(secondDiagnostics), Is.EqualTo(Describe(firstDiagnostics)));
            Assert.That(secondDiagnostics.Select(d => d.Id), Does.Contain("DRIFT001"), "the drift is reported in the second build too");
            Assert.That(secondDiagnostics.Select(d => d.Location.SourceTree), Is.All.Matches<SyntaxTree>(second.ContainsSyntaxTree), "reported in the second build's own trees");
            var before = FactsByFile(first);
            foreach (var pair in FactsByFile(second))
            {
                Assert.That(pair.Value, Is.SameAs(before[pair.Key]), pair.Key + ": kept from the first build");
            }

            Assert.That(CompilationStamp.Of(second, CancellationToken.None), Is.SameAs(CompilationStamp.Of(first, CancellationToken.None)), "equal stamps are shared");
        }

        [Test]
        public async Task A_rebuilt_reference_reads_the_files_again()
        {
            var first = Build(LibraryV1);
            await AnalyzerRunner.RunAsync(first, Snapshot);
            var second = Build(LibraryV2);
            await IncrementalAnalysisTests.AssertSameAsFreshAsync(second, "Lib rebuilt: CreatedBy is a Guid", Snapshot);
            Assert.That(FactsByFile(second)["/build/Note.cs"], Is.Not.SameAs(FactsByFile(first)["/build/Note.cs"]));
            var (diagnostics, _) = await AnalyzerRunner.RunAsync(second, Snapshot);
            Assert.That(diagnostics.Select(d => d.GetMessage()), Has.Some.Contains("CreatedBy"), "the inherited property's new type is seen");
        }

        [Test]
        public async Task Other_options_or_parse_options_read_the_files_again()
        {
            var first = Build(LibraryV1);
            await AnalyzerRunner.RunAsync(first, Snapshot);
            var variants = new (string Name, Compilation Compilation)[]
            {
                ("nullable disabled", Build(LibraryV1, options: o => o.WithNullableContextOptions(NullableContextOptions.Disable))),
                ("another assembly name", Build(LibraryV1).WithAssemblyName("Other")),
                ("LEGACY defined", Build(LibraryV1, symbols: new[] { "LEGACY" })),
            };
            foreach (var (name, compilation) in variants)
            {
                await IncrementalAnalysisTests.AssertSameAsFreshAsync(compilation, name, Snapshot);
                Assert.That(FactsByFile(compilation)["/build/Tag.cs"], Is.Not.SameAs(FactsByFile(first)["/build/Tag.cs"]), name);
            }

            var (legacy, _) = await AnalyzerRunner.RunAsync(variants[2].Compilation, Snapshot);
            Assert.That(legacy.Select(d => d.GetMessage()), Has.Some.Contains("Tag.NoteId"), "the #if branch the symbol selects is what is read");
        }

        [Test]
        public void A_file_is_known_by_its_path_content_and_parse_options()
        {
            const string Text = "namespace App;\npublic class Note { }\n";
            var options = new CSharpParseOptions(LanguageVersion.Latest);
            var id = SourceId.Of(CSharpSyntaxTree.ParseText(Text, options, "/src/Note.cs"));

            Assert.That(SourceId.Of(CSharpSyntaxTree.ParseText(Text, new CSharpParseOptions(LanguageVersion.Latest), "/src/Note.cs")), Is.EqualTo(id), "parsed again");
            Assert.That(SourceId.Of(CSharpSyntaxTree.ParseText(Text + " ", options, "/src/Note.cs")), Is.Not.EqualTo(id), "other content");
            Assert.That(SourceId.Of(CSharpSyntaxTree.ParseText(Text, options, "/src/Other.cs")), Is.Not.EqualTo(id), "another file");
            Assert.That(SourceId.Of(CSharpSyntaxTree.ParseText(Text, options.WithPreprocessorSymbols("LEGACY"), "/src/Note.cs")), Is.Not.EqualTo(id), "other symbols");
            Assert.That(SourceId.Of(CSharpSyntaxTree.ParseText(Text, options.WithLanguageVersion(LanguageVersion.CSharp10), "/src/Note.cs")), Is.Not.EqualTo(id), "another language version");

            // Without a path there is nothing to find a file by: each tree is its own.
            var unnamed = CSharpSyntaxTree.ParseText(Text, options);
            Assert.That(SourceId.Of(unnamed), Is.EqualTo(SourceId.Of(unnamed)));
            Assert.That(SourceId.Of(CSharpSyntaxTree.ParseText(Text, options)), Is.Not.EqualTo(SourceId.Of(unnamed)));
        }

        /// <summary>One build as the compiler's server makes it: every file parsed again, new reference and options objects.</summary>
        private static CSharpCompilation Build(string library, Func<CSharpCompilationOptions, CSharpCompilationOptions>? options = null, string[]? symbols = null)
        {
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: symbols);
            var references = References.All
                .Select(r => (MetadataReference)MetadataReference.CreateFromFile(((PortableExecutableReference)r).FilePath!))
                .Append(Library(library))
                .ToList();
            var compilationOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
            return CSharpCompilation.Create(
                "Corpus",
                Sources.Append((Path: "/build/GlobalUsings.g.cs", Text: "global using System;\n")).Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, s.Path)),
                references,
                options?.Invoke(compilationOptions) ?? compilationOptions);
        }

        /// <summary>A referenced assembly, emitted from source (deterministic: the same source gives the same MVID).</summary>
        private static PortableExecutableReference Library(string source)
        {
            var library = CSharpCompilation.Create(
                "Lib",
                new[] { CSharpSyntaxTree.ParseText("global using System;\n" + source) },
                References.FrameworkOnly,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, deterministic: true));
            using var image = new MemoryStream();
            var emitted = library.Emit(image);
            Assert.That(emitted.Success, Is.True, string.Join("\n", emitted.Diagnostics));
            return MetadataReference.CreateFromImage(image.ToArray());
        }

        private static Dictionary<string, TreeFacts> FactsByFile(Compilation compilation)
        {
            var stamp = CompilationStamp.Of(compilation, CancellationToken.None);
            return compilation.SyntaxTrees.ToDictionary(t => t.FilePath, t => TreeFacts.For(compilation, t, stamp, CancellationToken.None));
        }

        private static List<string> Describe(IEnumerable<Diagnostic> diagnostics)
            => diagnostics.Select(d => d.Id + " " + d.Location.SourceTree?.FilePath + d.Location.SourceSpan + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))
                .OrderBy(s => s, StringComparer.Ordinal).ToList();
    }
}
