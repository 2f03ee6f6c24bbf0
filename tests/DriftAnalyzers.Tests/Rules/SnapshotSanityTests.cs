using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DriftAnalyzers.Rules;
using DriftAnalyzers.Snapshots;
using DriftAnalyzers.Tests.Infrastructure;
using DriftAnalyzers.TypeMapping;
using Microsoft.CodeAnalysis.Testing;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Rules
{
    /// <summary>
    /// Snapshots that read as JSON but cannot be a database (issue 20, items 10 to 12): each is DRIFT010 with file,
    /// line and column, never a silent skip, a hang or an exception; two snapshots of one database check nothing.
    /// </summary>
    public sealed class SnapshotSanityTests
    {
        private const string Code = "public class AppDbContext : DbContext\n{\n    public DbSet<User> Users => Set<User>();\n}\n"
            + "public class User { public int {|#0:Id|} { get; set; } }\n";

        private static DriftTest<TAnalyzer, EmptyCodeFixProvider> Test<TAnalyzer>(string code = Code)
            where TAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer, new()
            => new() { TestCode = Usings.EfCore + code };

        private static string Header(string database = "app") =>
            "{\n  \"format\": \"drift-schema-snapshot\",\n  \"version\": 1,\n  \"database\": \"" + database + "\",\n  \"serverVersion\": \"15\",\n"
            + "  \"filter\": { \"schemas\": [], \"excludeTables\": [] },\n";

        private static string Table(string name, string idType) =>
            "    {\n      \"schema\": \"public\",\n      \"name\": \"" + name + "\",\n      \"kind\": \"table\",\n      \"columns\": [\n"
            + "        { \"name\": \"Id\", \"type\": \"" + idType + "\", \"nullable\": false }\n      ],\n"
            + "      \"primaryKey\": null,\n      \"foreignKeys\": [],\n      \"uniqueConstraints\": [],\n      \"checkConstraints\": [],\n      \"indexes\": []\n    }";

        private static string Snapshot(string tables, string views = "", string domains = "")
            => Header() + "  \"tables\": [\n" + tables + "\n  ],\n  \"views\": [" + views + "],\n  \"enums\": [],\n  \"domains\": [" + domains + "]\n}\n";

        /// <summary>The 1-based line and column of the value after the first <paramref name="marker"/>, or of the marker's '{'.</summary>
        private static (int Line, int Column) At(string snapshot, string marker)
        {
            var lines = snapshot.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                int at = lines[i].IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0)
                {
                    return marker.StartsWith('{') ? (i + 1, at + 1) : (i + 1, at + marker.Length + 1);
                }
            }

            throw new ArgumentException("marker not found: " + marker);
        }

        private static Task ExpectProblem(string snapshot, string marker, string message)
        {
            var (line, column) = At(snapshot, marker);
            return ExpectProblem(snapshot, line, column, message);
        }

        private static async Task ExpectProblem(string snapshot, int line, int column, string message)
        {
            var test = Test<SnapshotAnalyzer>(Code.Replace("{|#0:Id|}", "Id", StringComparison.Ordinal));
            test.TestState.AdditionalFiles.Add(("/schema-snapshots/app.json", snapshot));
            var lines = snapshot.Split('\n');
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.SnapshotProblem)
                .WithSpan("/schema-snapshots/app.json", line, column, line, lines[line - 1].Length + 1)
                .WithArguments("Schema snapshot app.json cannot be read: " + message + " (line " + line + ", column " + column + "); its entities are not checked until it is fixed or taken again with 'drift snapshot'"));
            await test.RunAsync();

            // And no rule checks the entities against it.
            var silent = Test<ColumnTypeAnalyzer>(Code.Replace("{|#0:Id|}", "Id", StringComparison.Ordinal));
            silent.TestState.AdditionalFiles.Add(("/schema-snapshots/app.json", snapshot));
            await silent.RunAsync();
        }

        [Test]
        public async Task Two_snapshots_of_one_database_check_nothing_not_the_first_file()
        {
            // a.json comes first in path order and is the stale one: Id was uuid.
            var test = Test<ColumnTypeAnalyzer>(Code.Replace("{|#0:Id|}", "Id", StringComparison.Ordinal));
            test.TestState.AdditionalFiles.Add(("/schema-snapshots/a.json", Snapshot(Table("Users", "uuid"))));
            test.TestState.AdditionalFiles.Add(("/schema-snapshots/b.json", Snapshot(Table("Users", "integer"))));
            await test.RunAsync();

            var missing = Test<MissingTableAnalyzer>(Code.Replace("{|#0:Id|}", "Id", StringComparison.Ordinal));
            missing.TestState.AdditionalFiles.Add(("/schema-snapshots/a.json", Snapshot(Table("Others", "integer"))));
            missing.TestState.AdditionalFiles.Add(("/schema-snapshots/b.json", Snapshot(Table("Users", "integer"))));
            await missing.RunAsync();
        }

        [Test]
        public async Task A_long_array_type_is_drift010_at_the_type()
        {
            string type = "uuid" + string.Concat(Enumerable.Repeat("[]", 500_000));
            string snapshot = Snapshot(Table("Users", type));
            var run = ExpectProblem(snapshot, "\"type\": ", "\"type\" \"uuid[][][][][][][][][][][][][][][][][][][][][][][][][][][][]…\" is 1000004 characters long; a PostgreSQL type is at most a few hundred");
            Assert.That(await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(5))), Is.SameAs(run), "hang guard");
            await run;
        }

        [Test]
        public async Task Seven_array_dimensions_are_drift010_at_the_type()
            => await ExpectProblem(Snapshot(Table("Users", "integer[][][][][][][]")), "\"type\": ", "\"type\" \"integer[][][][][][][]\" has 7 array dimensions; PostgreSQL allows at most 6");

        [Test]
        public async Task An_empty_type_is_drift010()
            => await ExpectProblem(Snapshot(Table("Users", string.Empty)), "\"type\": ", "\"type\" \"\" is empty");

        [Test]
        public async Task A_type_broken_by_bytes_that_are_not_utf8_is_drift010()
        {
            // What the compiler makes of invalid UTF-8: U+FFFD, or (decoded as another code page) characters outside quotes.
            await ExpectProblem(Snapshot(Table("Users", "int\uFFFDger")), "\"type\": ", "\"type\" \"int\uFFFDger\" holds U+FFFD, what bytes that are not UTF-8 are read as: the file is not valid UTF-8");
            await ExpectProblem(Snapshot(Table("Users", "uuÃ©id")), "\"type\": ", "\"type\" \"uuÃ©id\" is not a type as PostgreSQL prints it: unexpected 'Ã' at character 3 (unquoted names are lower case)");
        }

        [Test]
        public async Task A_table_and_a_view_of_the_same_name_are_drift010_at_the_view()
        {
            string view = "\n    { \"schema\": \"public\", \"name\": \"Users\", \"materialized\": false, \"columns\": [] }\n  ";
            await ExpectProblem(Snapshot(Table("Users", "integer"), view), "{ \"schema\": \"public\", \"name\": \"Users\", \"materialized\"", "view \"public.Users\" has the name of a table; in PostgreSQL a table and a view cannot share a name");
        }

        [Test]
        public async Task A_domain_cycle_is_drift010_at_a_domain_of_the_cycle()
        {
            string domains = "\n    { \"schema\": \"public\", \"name\": \"a\", \"baseType\": \"public.b\", \"nullable\": true, \"checks\": [] },"
                + "\n    { \"schema\": \"public\", \"name\": \"b\", \"baseType\": \"public.a\", \"nullable\": true, \"checks\": [] }\n  ";
            await ExpectProblem(Snapshot(Table("Users", "public.a"), domains: domains), "{ \"schema\": \"public\", \"name\": \"a\"", "domain \"public.a\" is based on itself (through its base type \"public.b\"); PostgreSQL cannot create such a domain");
        }

        /// <summary>Parsing is linear: 500,000 "[]" pairs took minutes before (quadratic); bounded here by a hang guard only.</summary>
        [Test]
        public void Parsing_a_long_array_type_is_linear()
        {
            string type = "uuid" + string.Concat(Enumerable.Repeat("[]", 500_000));
            PostgresType parsed = default;
            var parse = Task.Run(() => parsed = PostgresType.Parse(type));
            Assert.That(parse.Wait(TimeSpan.FromMinutes(2)), Is.True, "hang guard");
            Assert.That((parsed.Kind, parsed.ArrayRank), Is.EqualTo((PgKind.Uuid, 500_000)));
        }

        [TestCase("integer")]
        [TestCase("character varying(255)")]
        [TestCase("numeric(12,2)")]
        [TestCase("numeric(5,-2)")]
        [TestCase("timestamp(3) with time zone")]
        [TestCase("interval day to second(3)")]
        [TestCase("double precision[]")]
        [TestCase("character varying(64)[]")]
        [TestCase("public.mood")]
        [TestCase("\"Reporting\".\"Mood\"[]")]
        [TestCase("\"char\"")]
        [TestCase("public.\"my \"\"odd\"\" type\"")]
        [TestCase("integer[][][][][][]")]
        public void What_format_type_prints_is_a_type(string type)
            => Assert.That(TypeName.Check(type), Is.Null);
    }
}
