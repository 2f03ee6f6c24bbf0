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

        /// <summary>A result as the compiler writes it: level, message, location, and the diagnostic's properties as customProperties.</summary>
        private static string Result(string rule, string message, string file, int line, string properties = "", string level = "warning")
            => "{ \"ruleId\": \"" + rule + "\", \"level\": \"" + level + "\", \"message\": { \"text\": \"" + message.Replace("\"", "\\\"", System.StringComparison.Ordinal) + "\" }, "
               + "\"locations\": [ { \"physicalLocation\": { \"artifactLocation\": { \"uri\": \"" + new System.Uri(file).AbsoluteUri + "\" }, \"region\": { \"startLine\": " + line + ", \"startColumn\": 5 } } } ]"
               + (properties.Length > 0 ? ", \"properties\": { \"warningLevel\": 1, \"customProperties\": { " + properties + " } }" : string.Empty) + " }";

        private static string Facts(string? entity, string? property, string? table, string? column, string? code, string? database, string fix, string extra = "")
        {
            var pairs = new System.Collections.Generic.List<string>();
            foreach (var (key, value) in new[] { ("Entity", entity), ("Property", property), ("Table", table), ("Column", column), ("CodeSays", code), ("DatabaseSays", database), ("Fix", fix) })
            {
                if (value != null)
                {
                    pairs.Add("\"" + key + "\": \"" + value.Replace("\"", "\\\"", System.StringComparison.Ordinal) + "\"");
                }
            }

            return string.Join(", ", pairs) + extra;
        }

        /// <summary>A build's log: findings under <paramref name="root"/>/src/App, one twice (two target frameworks), one of another rule, one note.</summary>
        private static string Sarif21(string root)
        {
            string app = Path.Combine(root, "src", "App");
            return "{ \"version\": \"2.1.0\", \"runs\": [ { " + Rules + " \"results\": [\n"
                + Result("DRIFT001", "Property 'ExpertProfile.UserId' is declared Guid (uuid) but column public.expert_profiles.user_id is integer in the database (snapshot app.json (database app))", app + "/Models/ExpertProfile.cs", 8,
                    Facts("ExpertProfile", "UserId", "public.expert_profiles", "user_id", "Guid (uuid)", "integer", "change the type to `int` (code fix)", ", \"TargetType\": \"int\"")) + ",\n"
                + Result("DRIFT001", "Property 'ExpertProfile.UserId' is declared Guid (uuid) but column public.expert_profiles.user_id is integer in the database (snapshot app.json (database app))", app + "/Models/ExpertProfile.cs", 8,
                    Facts("ExpertProfile", "UserId", "public.expert_profiles", "user_id", "Guid (uuid)", "integer", "change the type to `int` (code fix)", ", \"TargetType\": \"int\"")) + ",\n"
                + Result("DRIFT001", "Property 'Order.Status' is declared OrderStatus (public.order_status) but column public.orders.status is public.status in the database (the enum is mapped to public.order_status) (snapshot app.json (database app))", app + "/Models/Order.cs", 9,
                    Facts("Order", "Status", "public.orders", "status", "OrderStatus (public.order_status)", "public.status (the enum is mapped to public.order_status)", "map the column's type by hand (no CLR type the analyzers know fits), or change the column")) + ",\n"
                + Result("DRIFT002", "Entity 'Review' maps to table public.reviews, which is not in the database (snapshot app.json (database app))", app + "/Models/Review.cs", 3,
                    Facts("Review", null, "public.reviews", null, null, "no such table", "create the table (a migration), or map the entity to the table that exists")) + ",\n"
                + Result("DRIFT003", "Property 'Order.Note' maps to column public.orders.note, which is not in the table (snapshot app.json (database app))", app + "/Models/Order.cs", 11) + ",\n"
                + Result("DRIFT001", "Property 'Order.Total' is declared decimal (numeric) but column public.orders.total is text in the database (snapshot app.json (database app))", app + "/Models/Order.cs", 12,
                    Facts("Order", "Total", "public.orders", "total", "decimal (numeric)", "text", "change the type to `string` (code fix)"), level: "error") + ",\n"
                + Result("DRIFT007", "Relationship 'Order.Buyer' → 'User': no constraint (snapshot app.json (database app))", app + "/Models/Order.cs", 5,
                    Facts("Order", "BuyerId", "public.orders", "buyer_id", "references User.Id", "no foreign key constraint to public.users.id", "add the foreign key constraint (a migration)"), level: "note") + ",\n"
                + Result("CS8618", "Non-nullable property 'Name' must contain a non-null value", app + "/Models/Order.cs", 7) + "\n"
                + "] } ] }";
        }

        private const string Expected = """
            # Drift audit

            **1 error**, **4 warnings** and **1 note** in 3 files, from the build log `build.sarif`, checked against the schema snapshot app.json (database app). Files are in `src/App/Models/` of the repository.

            2 findings have a code fix: the light bulb in the IDE, or `dotnet format analyzers --diagnostics DRIFT001` for all of them. The others need a migration or a decision, as their fix says.

            Notes are information: they do not fail a build, and appear in the IDE and in this report only.

            | rule | severity | findings |
            | --- | --- | ---: |
            | [DRIFT001](https://example.invalid/DRIFT001.md) Column type mismatch | error | 1 |
            | [DRIFT001](https://example.invalid/DRIFT001.md) Column type mismatch | warning | 2 |
            | DRIFT002 Table missing from the database | warning | 1 |
            | DRIFT003 Column missing from the table | warning | 1 |
            | DRIFT007 | note | 1 |

            ## DRIFT001: Column type mismatch (1 error)

            Types disagree. [About DRIFT001](https://example.invalid/DRIFT001.md)

            | entity | property | table | column | code says | database says | where | fix |
            | --- | --- | --- | --- | --- | --- | --- | --- |
            | Order | Total | public.orders | total | decimal (numeric) | text | [Order.cs:12](src/App/Models/Order.cs#L12) | change the type to `string` (code fix) |

            ## DRIFT001: Column type mismatch (2 warnings)

            Types disagree. [About DRIFT001](https://example.invalid/DRIFT001.md)

            | entity | property | table | column | code says | database says | where | fix |
            | --- | --- | --- | --- | --- | --- | --- | --- |
            | ExpertProfile | UserId | public.expert_profiles | user_id | Guid (uuid) | integer | [ExpertProfile.cs:8](src/App/Models/ExpertProfile.cs#L8) | change the type to `int` (code fix) |
            | Order | Status | public.orders | status | OrderStatus (public.order_status) | public.status (the enum is mapped to public.order_status) | [Order.cs:9](src/App/Models/Order.cs#L9) | map the column's type by hand (no CLR type the analyzers know fits), or change the column |

            ## DRIFT002: Table missing from the database (1 warning)

            No table.

            | entity | table | database says | where | fix |
            | --- | --- | --- | --- | --- |
            | Review | public.reviews | no such table | [Review.cs:3](src/App/Models/Review.cs#L3) | create the table (a migration), or map the entity to the table that exists |

            ## DRIFT003: Column missing from the table (1 warning)

            No column.

            | finding | where | fix |
            | --- | --- | --- |
            | Property 'Order.Note' maps to column public.orders.note, which is not in the table (snapshot app.json (database app)) | [Order.cs:11](src/App/Models/Order.cs#L11) | see the rule's documentation |

            ## DRIFT007: DriftAnalyzers finding (1 note)

            | entity | property | table | column | code says | database says | where | fix |
            | --- | --- | --- | --- | --- | --- | --- | --- |
            | Order | BuyerId | public.orders | buyer_id | references User.Id | no foreign key constraint to public.users.id | [Order.cs:5](src/App/Models/Order.cs#L5) | add the foreign key constraint (a migration) |

            """;

        private string folder = string.Empty;

        [SetUp]
        public void NewFolder() => folder = Directory.CreateTempSubdirectory("drift-report-").FullName;

        [TearDown]
        public void DeleteFolder() => Directory.Delete(folder, recursive: true);

        /// <summary>
        /// Every finding's facts in columns (from the diagnostic's properties), errors before warnings before notes, the
        /// source line linked relative to the report, and no absolute path of this machine anywhere.
        /// </summary>
        [Test]
        public async Task A_sarif_log_becomes_a_markdown_audit_with_a_table_and_a_fix_per_finding()
        {
            Directory.CreateDirectory(Path.Combine(folder, ".git"));
            string sarif = Path.Combine(folder, "build.sarif");
            File.WriteAllText(sarif, Sarif21(folder));
            string markdown = Path.Combine(folder, "audit.md");
            var result = await Database.DriftAsync("report", "--sarif", sarif, "--output", markdown);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stdout, Is.Empty);
            string text = File.ReadAllText(markdown);
            Assert.That(text, Is.EqualTo(Expected.Replace("\r\n", "\n", System.StringComparison.Ordinal)));
            Assert.That(text, Does.Not.Contain(folder));
        }

        [Test]
        public async Task A_model_change_without_a_migration_shows_what_the_code_and_the_migrations_say()
        {
            Directory.CreateDirectory(Path.Combine(folder, ".git"));
            string app = Path.Combine(folder, "src", "App");
            string sarif = Path.Combine(folder, "build.sarif");
            File.WriteAllText(sarif, "{ \"version\": \"2.1.0\", \"runs\": [ { \"tool\": { \"driver\": { \"name\": \"csc\", \"rules\": [ "
                + "{ \"id\": \"DRIFT014\", \"shortDescription\": { \"text\": \"Model change without a migration\" }, \"fullDescription\": { \"text\": \"No migration.\" } } ] } }, \"results\": [\n"
                + Result("DRIFT014", "Property 'Blog.Rating' is long? (bigint) in the code but int? (integer) in the migrations' model snapshot ShopContextModelSnapshot.cs: add a migration (dotnet ef migrations add <Name> --context ShopContext) or change it back to int?", app + "/Blog.cs", 6,
                    Facts("Blog", "Rating", "public.Blogs", "Rating", "long? (bigint)", null, "add a migration (`dotnet ef migrations add <Name> --context ShopContext`), or change it back to int?", ", \"MigrationsSays\": \"int? (integer)\""))
                + "\n] } ] }");
            string markdown = Path.Combine(folder, "audit.md");
            var result = await Database.DriftAsync("report", "--sarif", sarif, "--output", markdown);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(File.ReadAllText(markdown), Does.Contain(
                "| entity | property | table | column | code says | migrations say | where | fix |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n"
                + "| Blog | Rating | public.Blogs | Rating | long? (bigint) | int? (integer) | [Blog.cs:6](src/App/Blog.cs#L6) | add a migration (`dotnet ef migrations add <Name> --context ShopContext`), or change it back to int? |\n"));
        }

        [Test]
        public async Task Links_are_relative_to_where_the_report_is_written()
        {
            string sarif = Path.Combine(folder, "build.sarif");
            File.WriteAllText(sarif, Sarif21(folder));
            string markdown = Path.Combine(folder, "reports", "audit.md");
            Directory.CreateDirectory(Path.GetDirectoryName(markdown)!);
            var result = await Database.DriftAsync("report", "--sarif", sarif, "--output", markdown);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            string text = File.ReadAllText(markdown);
            Assert.That(text, Does.Contain("[Review.cs:3](../src/App/Models/Review.cs#L3)"));
            Assert.That(text, Does.Not.Contain("of the repository"), "no .git: the common folder is not named, as it would be an absolute path");
            Assert.That(text, Does.Not.Contain(folder));
        }

        /// <summary>One log per project (a solution's build): one audit; a finding two logs hold is counted once.</summary>
        [Test]
        public async Task Several_logs_make_one_audit()
        {
            string first = Path.Combine(folder, "App.sarif");
            string second = Path.Combine(folder, "Domain.sarif");
            File.WriteAllText(first, Sarif21(folder));
            File.WriteAllText(second, Log(Result("DRIFT002", "Entity 'Invoice' maps to table public.invoices, which is not in the database (snapshot app.json (database app))", Path.Combine(folder, "src", "Domain", "Invoice.cs"), 4,
                Facts("Invoice", null, "public.invoices", null, null, "no such table", "create the table (a migration)")) + ", "
                + Result("DRIFT002", "Entity 'Review' maps to table public.reviews, which is not in the database (snapshot app.json (database app))", Path.Combine(folder, "src", "App", "Models", "Review.cs"), 3,
                Facts("Review", null, "public.reviews", null, null, "no such table", "create the table (a migration), or map the entity to the table that exists"))));
            var result = await Database.DriftAsync("report", "--sarif", first, second);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stdout, Does.Contain("**1 error**, **5 warnings** and **1 note** in 4 files, from the build logs `App.sarif`, `Domain.sarif`,"));
            Assert.That(result.Stdout, Does.Contain("## DRIFT002: Table missing from the database (2 warnings)"));
        }

        [Test]
        public async Task Sarif_1_logs_are_read_too()
        {
            string sarif = Path.Combine(folder, "v1.sarif");
            File.WriteAllText(sarif, """
                { "version": "1.0.0", "runs": [ { "rules": { "DRIFT002": { "id": "DRIFT002", "shortDescription": "Table missing from the database", "fullDescription": "No table." } },
                  "results": [ { "ruleId": "DRIFT002", "level": "warning", "message": "Entity 'Review' maps to table public.reviews, which is not in the database (snapshot app.json (database app))",
                    "locations": [ { "resultFile": { "uri": "file:///src/App/Review.cs", "region": { "startLine": 3, "startColumn": 14 } } } ],
                    "properties": { "customProperties": { "Entity": "Review", "Table": "public.reviews", "DatabaseSays": "no such table", "Fix": "create the table (a migration)" } } } ] } ] }
                """);
            var result = await Database.DriftAsync("report", "--sarif", sarif);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stdout, Does.Contain("| Review | public.reviews | no such table | [Review.cs:3]("));
            Assert.That(result.Stdout, Does.Contain("src/App/Review.cs#L3) | create the table (a migration) |"));
        }

        [Test]
        public async Task A_clean_build_says_so_and_that_it_cannot_tell_whether_drift_ran()
        {
            string sarif = Path.Combine(folder, "clean.sarif");
            File.WriteAllText(sarif, "{ \"version\": \"2.1.0\", \"runs\": [ { \"tool\": { \"driver\": { \"name\": \"Microsoft (R) Visual C# Compiler\" } }, \"results\": [ { \"ruleId\": \"CS8618\", \"message\": { \"text\": \"x\" } } ] } ] }");
            var result = await Database.DriftAsync("report", "--sarif", sarif);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stdout, Does.Contain("No drift findings in `clean.sarif`: the log holds no DRIFT results (from Microsoft (R) Visual C# Compiler, 1 result of other rules). Either the entity code agrees with the database snapshot, or DriftAnalyzers did not run in this build"));
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
            Assert.That(result.Stdout, Does.Contain("**1 warning** in 1 file"));
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
