using System.Linq;
using DriftAnalyzers.Snapshots;
using NUnit.Framework;

namespace DriftAnalyzers.Snapshot.Tests
{
    /// <summary>The strict reader shared with the analyzers: every problem is an error with a position, never an exception.</summary>
    public sealed class SnapshotReaderTests
    {
        private const string Header = "{\"format\": \"drift-schema-snapshot\", \"version\": 1, \"database\": \"d\", \"serverVersion\": \"15.4\", \"filter\": {\"schemas\": [], \"excludeTables\": []},\n";

        private static string Document(string tables = "[]", string rest = "\"views\": [], \"enums\": [], \"domains\": []")
            => Header + "\"tables\": " + tables + ",\n" + rest + "}";

        private static void AssertError(string text, string message, int line, int column)
        {
            var result = SnapshotReader.Read(text);
            Assert.That(result.Snapshot, Is.Null);
            Assert.That((result.Error, result.Line, result.Column), Is.EqualTo((message, line, column)));
        }

        [Test]
        public void A_minimal_snapshot_reads()
        {
            var result = SnapshotReader.Read(Document("[{\"schema\": \"public\", \"name\": \"t\", \"kind\": \"table\", \"columns\": [{\"name\": \"id\", \"type\": \"integer\", \"nullable\": false}], \"primaryKey\": null, \"foreignKeys\": [], \"uniqueConstraints\": [], \"checkConstraints\": [], \"indexes\": []}]"));
            Assert.That(result.Error, Is.Null);
            var table = result.Snapshot!.Tables.Single();
            Assert.That((table.QualifiedName, table.Position.Line, table.Position.Column), Is.EqualTo(("public.t", 2, 12)));
            Assert.That(table.Columns.Single().Position.Line, Is.EqualTo(2));
        }

        [Test]
        public void A_byte_order_mark_is_accepted()
            => Assert.That(SnapshotReader.Read("\uFEFF" + Document()).Error, Is.Null);

        [TestCase("", "unexpected end of file, expected a value", 1, 1)]
        [TestCase("{\"a\": 1,}", "unexpected '}', expected a property name in double quotes", 1, 9)]
        [TestCase("{\n  \"a\": tru\n}", "unexpected 't', expected a value", 2, 8)]
        [TestCase("{\"a\": \"x\ny\"}", "control character U+000A in a string (escape it)", 1, 9)]
        [TestCase("{\"a\": 01}", "unexpected '1', expected ',' or '}'", 1, 8)]
        [TestCase("{\"a\": 1} x", "unexpected 'x' after the end of the document", 1, 10)]
        [TestCase("{\"a\": \"\\q\"}", "invalid escape sequence '\\q'", 1, 9)]
        [TestCase("{\"a\": 1, \"a\": 2}", "duplicate property \"a\"", 1, 10)]
        [TestCase("// comment\n{}", "unexpected '/', expected a value", 1, 1)]
        public void Invalid_json_reports_line_and_column(string text, string message, int line, int column)
            => AssertError(text, message, line, column);

        [Test]
        public void Deep_nesting_is_an_error_not_a_stack_overflow()
        {
            var result = SnapshotReader.Read(new string('[', 100_000));
            Assert.That(result.Error, Is.EqualTo("nesting deeper than 64 levels"));
        }

        [Test]
        public void Unknown_format_version()
            => AssertError(Document().Replace("\"version\": 1", "\"version\": 4", System.StringComparison.Ordinal), "unknown snapshot format version 4; this version of DriftAnalyzers reads versions 1 to 3", 1, 48);

        [Test]
        public void Wrong_format_marker()
            => AssertError("{\"format\": \"something-else\"}", "\"format\" is \"something-else\", expected \"drift-schema-snapshot\"", 1, 12);

        [Test]
        public void Missing_property()
            => AssertError(Document(rest: "\"views\": [], \"enums\": []"), "the snapshot is missing the required property \"domains\"", 1, 1);

        [Test]
        public void Value_of_the_wrong_kind()
            => AssertError(
                Document("[{\"schema\": \"public\", \"name\": \"t\", \"kind\": \"table\", \"columns\": [{\"name\": \"id\", \"type\": \"integer\", \"nullable\": \"no\"}]}]"),
                "\"nullable\" must be a boolean, found a string",
                2,
                121);

        [Test]
        public void Unknown_property()
            => AssertError(Document(rest: "\"views\": [], \"enums\": [], \"domains\": [], \"extra\": 1"), "the snapshot has an unknown property \"extra\"", 3, 51);

        [Test]
        public void Duplicate_table()
        {
            const string Table = "{\"schema\": \"public\", \"name\": \"t\", \"kind\": \"table\", \"columns\": [], \"primaryKey\": null, \"foreignKeys\": [], \"uniqueConstraints\": [], \"checkConstraints\": [], \"indexes\": []}";
            AssertError(Document("[" + Table + ",\n" + Table + "]"), "duplicate table \"public.t\"", 3, 1);
        }

        [Test]
        public void Tables_whose_joined_names_are_equal_are_two_tables()
        {
            static string Table(string schema, string name) => "{\"schema\": \"" + schema + "\", \"name\": \"" + name + "\", \"kind\": \"table\", \"columns\": [], \"primaryKey\": null, \"foreignKeys\": [], \"uniqueConstraints\": [], \"checkConstraints\": [], \"indexes\": []}";
            var result = SnapshotReader.Read(Document("[" + Table("a", "b.c") + ",\n" + Table("a.b", "c") + "]"));
            Assert.That(result.Error, Is.Null);
            Assert.That(result.Snapshot!.Tables, Has.Count.EqualTo(2));
            AssertError(Document("[" + Table("a", "b.c") + ",\n" + Table("a", "b.c") + "]"), "duplicate table \"a.\"b.c\"\"", 3, 1);
        }

        [Test]
        public void Duplicate_enum()
            => AssertError(
                Document(rest: "\"views\": [], \"enums\": [{\"schema\": \"s\", \"name\": \"e\", \"labels\": []},\n{\"schema\": \"s\", \"name\": \"e\", \"labels\": []}], \"domains\": []"),
                "duplicate enum \"s.e\"",
                4,
                1);

        [Test]
        public void Has_format_marker_recognises_snapshots_cheaply()
        {
            Assert.That(SnapshotReader.HasFormatMarker(Document()), Is.True);
            Assert.That(SnapshotReader.HasFormatMarker("{\"compilerOptions\": {}}"), Is.False);
        }
    }
}
