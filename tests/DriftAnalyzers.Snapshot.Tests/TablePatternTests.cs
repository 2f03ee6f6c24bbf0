using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DriftAnalyzers.Cli;
using NUnit.Framework;

namespace DriftAnalyzers.Snapshot.Tests
{
    /// <summary><c>--exclude-table</c> patterns: what they match, and that matching is bounded by pattern × name.</summary>
    public sealed class TablePatternTests
    {
        private static TablePattern Pattern(string text) => TablePattern.Parse(text, out string? error) ?? throw new AssertionException(error!);

        [TestCase("users", "public", "users", true)]
        [TestCase("users", "billing", "users", true)]
        [TestCase("user?", "public", "users", true)]
        [TestCase("user?", "public", "user", false)]
        [TestCase("*_history", "public", "audit_history", true)]
        [TestCase("audit.*", "audit", "anything", true)]
        [TestCase("audit.*", "public", "audit", false)]
        [TestCase("*.a.b", "public", "a.b", true)]
        [TestCase("a.b", "public", "a.b", false)]
        [TestCase("\"a.b\"", "public", "a.b", true)]
        [TestCase("\"a.b\"", "a", "b", false)]
        [TestCase("public.\"a.b\"", "public", "a.b", true)]
        [TestCase("a.\"b.c\"", "a", "b.c", true)]
        [TestCase("a.\"b.c\"", "a.b", "c", false)]
        [TestCase("\"a.b\".c", "a.b", "c", true)]
        [TestCase("\"a.b\".c", "a", "b.c", false)]
        [TestCase("a.b.c", "a", "b.c", true)]
        [TestCase("a.b.c", "a.b", "c", true)]
        [TestCase("\"*\"", "public", "*", true)]
        [TestCase("\"*\"", "public", "x", false)]
        [TestCase("\"say \"\"hi\"\"\"", "public", "say \"hi\"", true)]
        [TestCase("*", "public", "", true)]
        [TestCase("**", "public", "x", true)]
        [TestCase("a*b*c", "public", "abc", true)]
        [TestCase("a*b*c", "public", "acb", false)]
        [TestCase("a*a", "public", "a", false)]
        [TestCase("*ab*ab*", "public", "xabyab", true)]
        [TestCase("*ab*ab*", "public", "xaby", false)]
        public void Matches(string pattern, string schema, string name, bool expected)
            => Assert.That(Pattern(pattern).Matches(schema, name), Is.EqualTo(expected));

        [TestCase("\"unterminated", "pattern has an unterminated double quote")]
        [TestCase("a\0b", "pattern holds a NUL character")]
        public void Bad_patterns_are_errors(string pattern, string error)
        {
            Assert.That(TablePattern.Parse(pattern, out string? message), Is.Null);
            Assert.That(message, Is.EqualTo(error));
        }

        /// <summary>
        /// The pattern against a 63-character name (PostgreSQL's longest) took minutes with backtracking; every
        /// pattern here is bounded by (pattern length + 1) × (subject length + 1) comparisons, counted, not timed.
        /// </summary>
        [TestCase("*a*a*a*a*a*a*a*a*b", 63)]
        [TestCase("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", 63)]
        [TestCase("*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*b", 63)]
        [TestCase("a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a.*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", 63)]
        public void Matching_is_bounded_by_pattern_times_name(string pattern, int nameLength)
        {
            string name = new string('a', nameLength);
            var compiled = Pattern(pattern);
            bool matched = compiled.Matches(new string('a', nameLength), name, out long steps);
            Assert.That(matched, Is.False);
            int subject = compiled.Qualified ? (2 * nameLength) + 1 : nameLength;
            Assert.That(steps, Is.LessThanOrEqualTo((long)(pattern.Length + 1) * (subject + 1)));
        }

        [Test]
        public void A_pattern_of_a_million_characters_is_bounded_too()
        {
            string pattern = string.Concat(Enumerable.Repeat("*a", 500_000)) + "b";
            var compiled = Pattern(pattern);
            Assert.That(compiled.Matches("public", new string('a', 63), out long steps), Is.False);
            Assert.That(steps, Is.LessThanOrEqualTo((long)(pattern.Length + 1) * 64));
        }

        /// <summary><c>drift verify</c> takes its patterns from the committed file: a hostile one must not hang CI.</summary>
        [Test]
        public async Task Verify_with_a_pathological_pattern_in_the_snapshot_finishes()
        {
            string name = new string('a', 63);
            string database = Database.Create($"CREATE TABLE public.{name} (id integer); CREATE TABLE public.aaaaaaaab (id integer);");
            string file = Path.Combine(Path.GetTempPath(), "drift-glob-" + Guid.NewGuid().ToString("N") + ".json");
            try
            {
                var snapshot = await Database.DriftAsync("snapshot", "-c", Database.Server.ConnectionString(database), "-o", file, "--exclude-table", "*a*a*a*a*a*a*a*a*b");
                Assert.That(snapshot.ExitCode, Is.EqualTo(0), snapshot.ToString());
                Assert.That(File.ReadAllText(file), Does.Contain(name).And.Not.Contain("\"name\": \"aaaaaaaab\""));

                // A hang guard only (the old matcher ran for minutes): nothing here measures time.
                var verify = Database.DriftAsync("verify", "-c", Database.Server.ConnectionString(database), file);
                var finished = await Task.WhenAny(verify, Task.Delay(TimeSpan.FromMinutes(2)));
                Assert.That(finished, Is.SameAs(verify), "verify hangs on the snapshot's exclude pattern");
                Assert.That((await verify).ExitCode, Is.EqualTo(0), (await verify).ToString());
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Test]
        public async Task A_bad_pattern_is_a_usage_error_before_connecting()
        {
            var result = await Database.DriftAsync("snapshot", "-c", "Host=127.0.0.1;Port=1", "-o", "-", "--exclude-table", "\"open");
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Is.EqualTo("drift: error: --exclude-table '\"open': pattern has an unterminated double quote" + Environment.NewLine));
        }
    }
}
