using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using DriftAnalyzers.Snapshots;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Model
{
    /// <summary>
    /// The snapshots of a compilation and their indexes are made once per snapshot input (paths and parsed contents), not
    /// once per compilation: a build or a keystroke starts a new compilation with the same snapshots.
    /// </summary>
    public class SnapshotSetTests
    {
        private static readonly string Users = new SnapshotJson().Table("public", "Users", "Id integer", "Name text").ToString();

        private static readonly string Orders = new SnapshotJson().Table("public", "Orders", "Id integer").ToString();

        // As SnapshotCache does across compilations: one parsed result per content.
        private static readonly Dictionary<string, SnapshotReadResult> Parsed = new Dictionary<string, SnapshotReadResult>();

        private static SnapshotSet Create(params (string Path, string Content)[] files)
            => SnapshotSet.Create(
                files.Select(f => (AdditionalText)new AnalyzerRunner.InMemoryText(f.Path, f.Content)).ToImmutableArray(),
                Read,
                CancellationToken.None);

        private static SnapshotReadResult Read(SourceText text)
        {
            string content = text.ToString();
            lock (Parsed)
            {
                if (!Parsed.TryGetValue(content, out var result))
                {
                    result = SnapshotReader.Read(content);
                    Parsed.Add(content, result);
                }

                return result;
            }
        }

        [Test]
        public void A_new_compilation_with_the_same_snapshots_gets_the_same_set()
        {
            // New AdditionalText and SourceText objects, as every compilation has: the same parsed content and path.
            var first = Create(("/app/schema-snapshots/users.json", Users));
            var second = Create(("/app/schema-snapshots/users.json", Users));

            Assert.That(second, Is.SameAs(first));
            Assert.That(second.TryFind("app", "public", "Users", out var match), Is.True);
            Assert.That(match.Table!.ColumnsByName.ContainsKey("Name"), Is.True);
            Assert.That(match.Table.ColumnsByName.ContainsKey("name"), Is.False, "column names are case-sensitive, as in PostgreSQL");
        }

        [Test]
        public void Another_path_or_another_content_gets_a_set_of_its_own()
        {
            var users = Create(("/app/schema-snapshots/users.json", Users));
            var moved = Create(("/app/other/users.json", Users));
            var changed = Create(("/app/schema-snapshots/users.json", Orders));

            Assert.That(moved, Is.Not.SameAs(users));
            Assert.That(moved.Files.Single().Path, Is.EqualTo("/app/other/users.json"));
            Assert.That(changed, Is.Not.SameAs(users));
            Assert.That(changed.TryFind("app", "public", "Orders", out _), Is.True);
            Assert.That(changed.TryFind("app", "public", "Users", out _), Is.False);
        }
    }
}
