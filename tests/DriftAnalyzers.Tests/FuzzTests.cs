using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DriftAnalyzers.CodeFixes;
using DriftAnalyzers.Snapshots;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using NUnit.Framework;

namespace DriftAnalyzers.Tests
{
    /// <summary>
    /// Seeded, deterministic fuzzing: broken snapshots and half-typed entity code must never make an analyzer or the code
    /// fix throw (AD0001) or hang. DRIFT_FUZZ_CASES raises the number of cases (default: a few thousand in all).
    /// </summary>
    public sealed class FuzzTests
    {
        private static readonly int Scale = int.TryParse(Environment.GetEnvironmentVariable("DRIFT_FUZZ_CASES"), out int n) && n > 0 ? n : 1;

        private static string SampleSnapshot => File.ReadAllText(Repository.File("schema-snapshots", "audit_app.json"));

        private static string[] SampleSources => Directory.GetFiles(Repository.File("samples", "AuditApp"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToArray();

        /// <summary>
        /// Model snapshots as an editor, a merge conflict or a hand edit leaves them: lines dropped, swapped or cut, strings
        /// emptied, calls renamed. In the compilation (the migrations project) and as another project's AdditionalFile, the
        /// analyzers never throw.
        /// </summary>
        [Test]
        public async Task Mutated_model_snapshots_never_make_an_analyzer_throw()
        {
            var random = new Random(20261207);
            var snapshots = Directory.GetFiles(Repository.File("tests", "Corpus"), "*ModelSnapshot.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
            Assert.That(snapshots, Is.Not.Empty);
            string entities = "namespace IdentityApp.Models { public class ApplicationUser { public string Id { get; set; } = \"\"; public string? DisplayName { get; set; } } }\n";
            for (int i = 0; i < 60 * Scale; i++)
            {
                string original = File.ReadAllText(snapshots[i % snapshots.Length]);
                var lines = original.Split('\n').ToList();
                for (int edits = random.Next(1, 6); edits > 0; edits--)
                {
                    int at = random.Next(lines.Count);
                    switch (random.Next(5))
                    {
                        case 0: lines.RemoveAt(at); break;
                        case 1: lines.Insert(random.Next(lines.Count), lines[at]); break;
                        case 2: lines[at] = lines[at].Substring(0, random.Next(lines[at].Length + 1)); break;
                        case 3: lines[at] = System.Text.RegularExpressions.Regex.Replace(lines[at], "\"[^\"]*\"", "\"\""); break;
                        default: lines[at] = lines[at].Replace("HasColumnType", "HasColumnName", StringComparison.Ordinal).Replace("ToTable", "ToView", StringComparison.Ordinal).Replace("HasBaseType", "HasKey", StringComparison.Ordinal); break;
                    }
                }

                string mutated = string.Join("\n", lines);
                var inCompilation = AnalyzerRunner.Compile(new[] { ("/Models.cs", entities), ("/Migrations/AppModelSnapshot.cs", mutated) });
                var (_, exceptions) = await AnalyzerRunner.RunAsync(inCompilation, SampleSnapshot);
                Assert.That(exceptions, Is.Empty, "case " + i + " in the compilation:\n" + mutated);

                var domain = AnalyzerRunner.Compile(new[] { ("/Models.cs", entities) }, References.FrameworkOnly);
                (_, exceptions) = await AnalyzerRunner.RunAsync(domain, SampleSnapshot, new[] { ("/Other/Migrations/AppModelSnapshot.cs", mutated) });
                Assert.That(exceptions, Is.Empty, "case " + i + " as an AdditionalFile:\n" + mutated);
            }
        }

        [Test]
        public void The_reader_never_throws_on_mutated_snapshots()
        {
            var random = new Random(20261124);
            string valid = SampleSnapshot;
            for (int i = 0; i < 4000 * Scale; i++)
            {
                string mutated = MutateSnapshot(valid, random);
                SnapshotReadResult result = null!;
                Assert.DoesNotThrow(() => result = SnapshotReader.Read(mutated), "case " + i);
                if (result.Snapshot == null)
                {
                    Assert.That(result.Error, Is.Not.Null.And.Not.Empty, "case " + i);
                    Assert.That(result.Line, Is.GreaterThanOrEqualTo(1), "case " + i);
                    Assert.That(result.Column, Is.GreaterThanOrEqualTo(1), "case " + i);
                }
            }
        }

        [Test]
        public void Pathological_snapshots_are_errors_not_crashes()
        {
            string valid = SampleSnapshot;
            var cases = new[]
            {
                new string('[', 1_000_000),
                "{\"format\": \"drift-schema-snapshot\", \"version\": 1e99999999}",
                "{\"format\": \"drift-schema-snapshot\", \"version\": 99999999999999999999999999999}",
                "{\"format\": \"drift-schema-snapshot\", \"database\": \"" + new string('x', 5_000_000) + "\"}",
                "\uFEFF\uFEFF" + valid,
                valid.Replace("\"name\": \"id\"", "\"name\": \"id\", \"name\": \"id\"", StringComparison.Ordinal),
                valid.Replace("\"nullable\": false", "\"nullable\": 0", StringComparison.Ordinal),
                valid.Replace("\"tables\": [", "\"tables\": {", StringComparison.Ordinal),
                valid + valid,
                "\0\0\0",
                "\"drift-schema-snapshot\"",
            };
            foreach (string text in cases)
            {
                SnapshotReadResult result = null!;
                Assert.DoesNotThrow(() => result = SnapshotReader.Read(text));
                Assert.That(result.Snapshot, Is.Null, text.Length > 80 ? text.Substring(0, 80) : text);
            }
        }

        [Test]
        public async Task Analyzers_never_throw_on_mutated_snapshots()
        {
            var random = new Random(7);
            var sources = SampleSources;
            string valid = SampleSnapshot;
            for (int i = 0; i < 150 * Scale; i++)
            {
                string snapshot = i % 10 == 0 ? valid : MutateSnapshot(valid, random);
                var (diagnostics, exceptions) = await RunAnalyzers(sources, snapshot);
                Assert.That(exceptions, Is.Empty, "case " + i);
                Assert.That(diagnostics.Where(d => d.Id == "AD0001"), Is.Empty, "case " + i);
                if (SnapshotReader.HasFormatMarker(snapshot) && SnapshotReader.Read(snapshot).Error != null)
                {
                    Assert.That(diagnostics.Any(d => d.Id == DiagnosticIds.SnapshotProblem && d.Location.GetLineSpan().Path.EndsWith("app.json", StringComparison.Ordinal)), Is.True, "case " + i + ": a broken snapshot is DRIFT010 in its file");
                }
            }
        }

        [Test]
        public async Task Analyzers_and_the_fix_never_throw_on_half_typed_code()
        {
            var random = new Random(11);
            var sources = SampleSources;
            string snapshot = SampleSnapshot;
            for (int i = 0; i < 250 * Scale; i++)
            {
                var mutated = sources.Select(s => random.Next(3) == 0 ? DeleteTokens(s, random) : s).ToArray();
                var (diagnostics, exceptions) = await RunAnalyzers(mutated, snapshot);
                Assert.That(exceptions, Is.Empty, "case " + i);
                Assert.That(diagnostics.Where(d => d.Id == "AD0001"), Is.Empty, "case " + i);
                foreach (var diagnostic in diagnostics.Where(d => AnalyzerRunner.Fixers.Any(f => f.FixableDiagnosticIds.Contains(d.Id))).Take(3))
                {
                    await ApplyFix(mutated, snapshot, diagnostic);
                }
            }
        }

        private const string JsonCharacters = "{}[],:\"\\0123456789eE.-+tfn \n\t";

        internal static string MutateSnapshot(string text, Random random)
        {
            var b = new StringBuilder(text);
            int mutations = 1 + random.Next(3);
            for (int m = 0; m < mutations && b.Length > 0; m++)
            {
                int at = random.Next(b.Length);
                switch (random.Next(9))
                {
                    case 0: b.Length = at; break;
                    case 1: b.Remove(at, Math.Min(1 + random.Next(20), b.Length - at)); break;
                    case 2: b.Insert(at, JsonCharacters[random.Next(JsonCharacters.Length)]); break;
                    case 3: b.Insert(at, "\"x\": " + (random.Next(2) == 0 ? "1e400" : "\"" + new string('y', random.Next(5000)) + "\"") + ","); break;
                    case 4: b.Replace("true", "\"true\"", at, b.Length - at); break;
                    case 5: b.Replace("\"integer\"", "42", at, b.Length - at); break;
                    case 6: b.Insert(at, new string('[', random.Next(200))); break;
                    case 7: b.Insert(0, '\uFEFF'); break;
                    default:
                        int lineStart = b.ToString().LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
                        int lineEnd = b.ToString().IndexOf('\n', at);
                        if (lineEnd > lineStart)
                        {
                            b.Insert(lineEnd + 1, b.ToString(lineStart, lineEnd - lineStart + 1));
                        }

                        break;
                }
            }

            return b.ToString();
        }

        /// <summary>Deletes a few random tokens, as when someone is in the middle of typing.</summary>
        internal static string DeleteTokens(string source, Random random)
        {
            var tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().ToList();
            var text = SourceText.From(source);
            var changes = new List<TextChange>();
            int count = 1 + random.Next(4);
            foreach (var token in tokens.OrderBy(_ => random.Next()).Take(count).OrderBy(t => t.SpanStart))
            {
                if (changes.Count == 0 || changes[^1].Span.End <= token.SpanStart)
                {
                    changes.Add(new TextChange(token.Span, string.Empty));
                }
            }

            return text.WithChanges(changes).ToString();
        }

        private static async Task<(ImmutableArray<Diagnostic> Diagnostics, List<Exception> Exceptions)> RunAnalyzers(string[] sources, string snapshot)
            => await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(Sources(sources)), snapshot);

        private static (string Path, string Text)[] Sources(string[] sources) => sources.Select((s, i) => ("/src/File" + i + ".cs", s)).ToArray();

        private static async Task ApplyFix(string[] sources, string snapshot, Diagnostic diagnostic)
        {
            using var workspace = new AdhocWorkspace();
            var (_, _, actions) = await AnalyzerRunner.FixesAsync(workspace, Sources(sources), diagnostic);
            foreach (var action in actions)
            {
                await action.GetOperationsAsync(CancellationToken.None);
            }
        }
    }
}
