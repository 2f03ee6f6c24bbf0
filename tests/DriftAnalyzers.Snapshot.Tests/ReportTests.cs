using System.IO;
using System.Threading.Tasks;
using NUnit.Framework;

namespace DriftAnalyzers.Snapshot.Tests
{
    /// <summary><c>drift report</c>: a build's SARIF log as a Markdown drift audit.</summary>
    public sealed class ReportTests
    {
        private const string Rules = """
            "tool": { "driver": { "name": "csc", "rules": [
              { "id": "DRIFT001", "shortDescription": { "text": "Column type mismatch" }, "fullDescription": { "text": "Types disagree." }, "helpUri": "https://example.invalid/DRIFT001.md" },
              { "id": "DRIFT002", "shortDescription": { "text": "Table missing from the database" }, "fullDescription": { "text": "No table." } },
              { "id": "DRIFT003", "shortDescription": { "text": "Column missing from the table" }, "fullDescription": { "text": "No column." } },
              { "id": "DRIFT010", "shortDescription": { "text": "Schema snapshot problem" }, "fullDescription": { "text": "Snapshot unusable." } } ] } },
            """;

        private static string Result(string rule, string message, string file, int line, string properties = "")
            => "{ \"ruleId\": \"" + rule + "\", \"level\": \"warning\", \"message\": { \"text\": \"" + message.Replace("\"", "\\\"", System.StringComparison.Ordinal) + "\" }, "
               + "\"locations\": [ { \"physicalLocation\": { \"artifactLocation\": { \"uri\": \"file:///src/App/" + file + "\" }, \"region\": { \"startLine\": " + line + ", \"startColumn\": 5 } } } ]"
               + (properties.Length > 0 ? ", \"properties\": { \"customProperties\": { " + properties + " } }" : string.Empty) + " }";

        private static readonly string Sarif21 = "{ \"version\": \"2.1.0\", \"runs\": [ { " + Rules + " \"results\": [\n"
            + Result("DRIFT001", "Property 'ExpertProfile.UserId' is declared Guid (uuid) but column public.expert_profiles.user_id is integer in the database (snapshot app.json (database app))", "Models/ExpertProfile.cs", 8, "\"TargetType\": \"int\"") + ",\n"
            + Result("DRIFT001", "Property 'ExpertProfile.UserId' is declared Guid (uuid) but column public.expert_profiles.user_id is integer in the database (snapshot app.json (database app))", "Models/ExpertProfile.cs", 8, "\"TargetType\": \"int\"") + ",\n"
            + Result("DRIFT001", "Property 'Order.Id' is declared int (integer) but column public.orders.id is bigint in the database (an int cannot hold every bigint value) (snapshot app.json (database app))", "Models/Order.cs", 5, "\"TargetType\": \"long\"") + ",\n"
            + Result("DRIFT001", "Property 'Order.Meta' is declared string (text) but column public.orders.meta is jsonb in the database (snapshot app.json (database app))", "Models/Order.cs", 9) + ",\n"
            + Result("DRIFT002", "Entity 'Review' maps to table public.reviews, which is not in the database; public.Reviews differs only in case, and PostgreSQL names are case-sensitive (snapshot app.json (database app))", "Models/Review.cs", 3) + ",\n"
            + Result("DRIFT003", "Property 'Order.Note' maps to column public.orders.note, which is not in the table (snapshot app.json (database app))", "Models/Order.cs", 11) + ",\n"
            + Result("DRIFT010", "Schema snapshot old.json cannot be read: unexpected ',' (line 3, column 16)", "schema-snapshots/old.json", 3) + ",\n"
            + Result("CS8618", "Non-nullable property 'Name' must contain a non-null value", "Models/Order.cs", 7) + "\n"
            + "] } ] }";

        private const string Expected = """
            # Drift audit

            From `build.sarif`: **6 findings** in 4 files, checked against app.json (database app). Paths are relative to `/src/App`.

            | finding | count |
            | --- | ---: |
            | [DRIFT001](https://example.invalid/DRIFT001.md) Column type mismatch | 3 |
            | DRIFT002 Table missing from the database | 1 |
            | DRIFT003 Column missing from the table | 1 |
            | DRIFT010 Schema snapshot problem | 1 |

            ## Column type mismatch (DRIFT001): 3

            Types disagree.

            | entity | property | table | column | declared | in the database | fix | where |
            | --- | --- | --- | --- | --- | --- | --- | --- |
            | ExpertProfile | UserId | public.expert_profiles | user_id | Guid (uuid) | integer | change the type to `int` (code fix) | Models/ExpertProfile.cs:8 |
            | Order | Id | public.orders | id | int (integer) | bigint — lossy | change the type to `long` (code fix) | Models/Order.cs:5 |
            | Order | Meta | public.orders | meta | string (text) | jsonb | map the column's type by hand (no single CLR type fits) | Models/Order.cs:9 |

            ## Table missing from the database (DRIFT002): 1

            No table.

            | entity | table | fix | where |
            | --- | --- | --- | --- |
            | Review | public.reviews (public.Reviews differs only in case, and PostgreSQL names are case-sensitive) | create the table (a migration), or map the entity to the table that exists | Models/Review.cs:3 |

            ## Column missing from the table (DRIFT003): 1

            No column.

            | entity | property | table | column | fix | where |
            | --- | --- | --- | --- | --- | --- |
            | Order | Note | public.orders | note | add the column (a migration), map the property with `[Column]`, or mark it `[NotMapped]` | Models/Order.cs:11 |

            ## Schema snapshot problem (DRIFT010): 1

            Snapshot unusable.

            | finding | fix | where |
            | --- | --- | --- |
            | Schema snapshot old.json cannot be read: unexpected ',' (line 3, column 16) | take the snapshot again with `drift snapshot` | schema-snapshots/old.json:3 |

            """;

        private string folder = string.Empty;

        [SetUp]
        public void NewFolder() => folder = Directory.CreateTempSubdirectory("drift-report-").FullName;

        [TearDown]
        public void DeleteFolder() => Directory.Delete(folder, recursive: true);

        [Test]
        public async Task A_sarif_log_becomes_a_markdown_audit_with_a_table_and_a_fix_per_finding()
        {
            string sarif = Path.Combine(folder, "build.sarif");
            File.WriteAllText(sarif, Sarif21);
            var result = await Database.DriftAsync("report", "--sarif", sarif);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stdout, Is.EqualTo(Expected.Replace("\r\n", "\n", System.StringComparison.Ordinal)));
        }

        [Test]
        public async Task The_report_can_go_to_a_file()
        {
            string sarif = Path.Combine(folder, "build.sarif");
            File.WriteAllText(sarif, Sarif21);
            string markdown = Path.Combine(folder, "audit.md");
            var result = await Database.DriftAsync("report", "--sarif", sarif, "--output", markdown);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stdout, Is.Empty);
            Assert.That(File.ReadAllText(markdown), Does.StartWith("# Drift audit\n"));
        }

        [Test]
        public async Task Sarif_1_logs_are_read_too()
        {
            string sarif = Path.Combine(folder, "v1.sarif");
            File.WriteAllText(sarif, """
                { "version": "1.0.0", "runs": [ { "rules": { "DRIFT002": { "id": "DRIFT002", "shortDescription": "Table missing from the database", "fullDescription": "No table." } },
                  "results": [ { "ruleId": "DRIFT002", "level": "warning", "message": "Entity 'Review' maps to table public.reviews, which is not in the database (snapshot app.json (database app))",
                    "locations": [ { "resultFile": { "uri": "file:///src/App/Review.cs", "region": { "startLine": 3, "startColumn": 14 } } } ] } ] } ] }
                """);
            var result = await Database.DriftAsync("report", "--sarif", sarif);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stdout, Does.Contain("| Review | public.reviews | create the table (a migration), or map the entity to the table that exists | Review.cs:3 |"));
        }

        [Test]
        public async Task A_clean_build_says_so_and_that_it_cannot_tell_whether_drift_ran()
        {
            string sarif = Path.Combine(folder, "clean.sarif");
            File.WriteAllText(sarif, "{ \"version\": \"2.1.0\", \"runs\": [ { \"tool\": { \"driver\": { \"name\": \"Microsoft (R) Visual C# Compiler\" } }, \"results\": [ { \"ruleId\": \"CS8618\", \"message\": { \"text\": \"x\" } } ] } ] }");
            var result = await Database.DriftAsync("report", "--sarif", sarif);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stdout, Does.Contain("**0 findings**"));
            Assert.That(result.Stdout, Does.Contain("No drift findings: the log holds no DRIFT results (from Microsoft (R) Visual C# Compiler, 1 result of other rules). Either the entity code agrees with the database snapshot, or DriftAnalyzers did not run in this build"));
        }

        private const string Drift = "{ \"ruleId\": \"DRIFT002\", \"message\": { \"text\": \"m\" } ";

        private static string Log(string results) => "{ \"version\": \"2.1.0\", \"runs\": [ { \"tool\": { \"driver\": { \"name\": \"csc\" } }, \"results\": [ " + results + " ] } ] }";

        private static string WithLocation(string location) => Log(Drift + ", \"locations\": [ " + location + " ] }");

        /// <summary>Each of these crashed with a stack trace and exit 1 (the drift code), or printed "No drift".</summary>
        [TestCase("[]", "invalid SARIF log: the log is an array, expected an object")]
        [TestCase("\"text\"", "invalid SARIF log: the log is a string, expected an object")]
        [TestCase("{ \"version\": \"2.1.0\", \"runs\": [1] }", "invalid SARIF log: runs[0] is a number, expected an object")]
        [TestCase("{ \"version\": \"2.1.0\", \"runs\": {} }", "invalid SARIF log: runs is an object, expected an array")]
        [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": {} } ] }", "invalid SARIF log: runs[0].results is an object, expected an array")]
        [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ 7 ] } ] }", "invalid SARIF log: runs[0].results[0] is a number, expected an object")]
        [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ { \"ruleId\": 5 } ] } ] }", "invalid SARIF log: runs[0].results[0].ruleId is a number, expected a string")]
        [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ { \"ruleId\": \"DRIFT001\", \"message\": 5 } ] } ] }", "invalid SARIF log: runs[0].results[0].message is a number, expected an object")]
        [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ { \"ruleId\": \"DRIFT001\", \"locations\": [ 1 ] } ] } ] }", "invalid SARIF log: runs[0].results[0].locations[0] is a number, expected an object")]
        [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ { \"ruleId\": \"DRIFT001\", \"locations\": \"here\" } ] } ] }", "invalid SARIF log: runs[0].results[0].locations is a string, expected an array")]
        [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ { \"ruleId\": \"DRIFT001\", \"locations\": [ { \"physicalLocation\": { \"artifactLocation\": \"a.cs\" } } ] } ] } ] }", "invalid SARIF log: runs[0].results[0].locations[0].physicalLocation.artifactLocation is a string, expected an object")]
        [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ { \"ruleId\": \"DRIFT001\", \"locations\": [ { \"physicalLocation\": { \"artifactLocation\": { \"uri\": \"a.cs\" }, \"region\": { \"startLine\": \"8\" } } } ] } ] } ] }", "invalid SARIF log: runs[0].results[0].locations[0].physicalLocation.region.startLine is a string, expected a whole number")]
        [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ { \"ruleId\": \"DRIFT001\", \"locations\": [ { \"physicalLocation\": { \"artifactLocation\": { \"uri\": \"a.cs\" }, \"region\": { \"startLine\": 1e30 } } } ] } ] } ] }", "invalid SARIF log: runs[0].results[0].locations[0].physicalLocation.region.startLine is a number, expected a whole number")]
        [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ { \"ruleId\": \"DRIFT001\", \"properties\": { \"customProperties\": [] } } ] } ] }", "invalid SARIF log: runs[0].results[0].properties.customProperties is an array, expected an object")]
        [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"tool\": { \"driver\": { \"name\": \"csc\", \"rules\": {} } } } ] }", "invalid SARIF log: runs[0].tool.driver.rules is an object, expected an array")]
        [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"tool\": \"csc\" } ] }", "invalid SARIF log: runs[0].tool is a string, expected an object")]
        [TestCase("{ \"version\": \"2.0.0\", \"runs\": [] }", "unsupported SARIF version '2.0.0': drift report reads 2.1.0 and 1.0.0, as dotnet build writes them (-p:ErrorLog=drift.sarif%2Cversion=2.1)")]
        [TestCase("{ \"runs\": [] }", "not a SARIF log: no \"version\"")]
        [TestCase("{ \"version\": 2 }", "invalid SARIF log: version is a number, expected a string")]
        [TestCase("{ \"version\": \"2.1.0\", \"runs\": [ { \"tool\": { \"driver\": { \"name\": \"ESLint\" } }, \"results\": [ { \"ruleId\": \"no-unused-vars\" } ] } ] }", "the log holds no DRIFT results and is not a C# build's (tools: ESLint): drift report reads the log of dotnet build -p:ErrorLog=drift.sarif%2Cversion=2.1")]
        [TestCase("{ \"version\": \"2.1.0\", \"runs\": [] }", "the log holds no DRIFT results and is not a C# build's (tools: none named): drift report reads the log of dotnet build -p:ErrorLog=drift.sarif%2Cversion=2.1")]
        public async Task A_log_of_an_unexpected_shape_is_one_line_and_exit_2(string content, string message)
        {
            string sarif = Path.Combine(folder, "odd.sarif");
            File.WriteAllText(sarif, content);
            var result = await Database.DriftAsync("report", "--sarif", sarif);
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Stderr, Is.EqualTo("drift: error: " + message + System.Environment.NewLine));
            Assert.That(result.Stdout, Is.Empty);
        }

        [Test]
        public async Task Deep_nesting_is_one_line_and_exit_2()
        {
            string sarif = Path.Combine(folder, "deep.sarif");
            File.WriteAllText(sarif, "{ \"version\": \"2.1.0\", \"runs\": " + new string('[', 100_000) + new string(']', 100_000) + " }");
            var result = await Database.DriftAsync("report", "--sarif", sarif);
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Stderr, Does.StartWith("drift: error: invalid SARIF log: "));
            Assert.That(result.Stderr.Split('\n', System.StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1));
        }

        [Test]
        public async Task A_location_that_holds_nothing_useful_still_reports_the_finding()
        {
            string sarif = Path.Combine(folder, "sparse.sarif");
            File.WriteAllText(sarif, WithLocation("{ }") );
            var result = await Database.DriftAsync("report", "--sarif", sarif);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stdout, Does.Contain("**1 finding**"));
        }

        [TestCase("{ not json", "drift: error: invalid SARIF log: ")]
        [TestCase("{ \"version\": \"2.1.0\" }", "drift: error: not a SARIF log: no \"runs\"")]
        public async Task A_bad_log_is_one_clear_line_and_exit_2(string content, string message)
        {
            string sarif = Path.Combine(folder, "bad.sarif");
            File.WriteAllText(sarif, content);
            var result = await Database.DriftAsync("report", "--sarif", sarif);
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.StartWith(message));
        }

        [Test]
        public async Task A_missing_log_is_exit_2()
        {
            var result = await Database.DriftAsync("report", "--sarif", Path.Combine(folder, "none.sarif"));
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.StartWith("drift: error: cannot read SARIF log"));
        }
    }
}
