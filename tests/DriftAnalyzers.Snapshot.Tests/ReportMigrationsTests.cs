using System.IO;
using System.Threading.Tasks;
using NUnit.Framework;

namespace DriftAnalyzers.Snapshot.Tests
{
    /// <summary><c>drift report</c>'s migrations section: DRIFT015, DRIFT016 and DRIFT017 together, with the sample's messages.</summary>
    public sealed class ReportMigrationsTests
    {
        private static string Result(string folder, string rule, string message, string file, int line)
            => "{ \"ruleId\": \"" + rule + "\", \"level\": \"warning\", \"message\": { \"text\": \"" + message.Replace("\"", "\\\"", System.StringComparison.Ordinal) + "\" }, "
               + "\"locations\": [ { \"physicalLocation\": { \"artifactLocation\": { \"uri\": \"file://" + folder + "/src/App/" + file + "\" }, \"region\": { \"startLine\": " + line + ", \"startColumn\": 5 } } } ] }";

        private static string Sarif(string folder) => "{ \"version\": \"2.1.0\", \"runs\": [ { \"tool\": { \"driver\": { \"name\": \"csc\", \"rules\": ["
            + "{ \"id\": \"DRIFT003\", \"shortDescription\": { \"text\": \"Column missing from the table\" }, \"fullDescription\": { \"text\": \"No column.\" } },"
            + "{ \"id\": \"DRIFT015\", \"shortDescription\": { \"text\": \"Migrations not applied\" }, \"fullDescription\": { \"text\": \"Behind.\" } },"
            + "{ \"id\": \"DRIFT016\", \"shortDescription\": { \"text\": \"Migration applied that the code does not have\" }, \"fullDescription\": { \"text\": \"Foreign.\" } },"
            + "{ \"id\": \"DRIFT017\", \"shortDescription\": { \"text\": \"Database differs from the migrations\" }, \"fullDescription\": { \"text\": \"Changed.\" }, \"helpUri\": \"https://example.invalid/DRIFT017.md\" } ] } }, \"results\": [\n"
            + Result(folder, "DRIFT017", "Property 'Invoice.CustomerId': column billing.invoices.customer_id is integer in the database but the migrations create it as uuid (created by migration 20250105090000_CreateInvoices; 20250220100000_InvoiceDueDate runs SQL of its own); the database is at the latest migration, 20250220100000_InvoiceDueDate, so the column was changed by hand or by a migration's own SQL: restore it, or change the property and add a migration (snapshot audit_app.json (database audit_app))", "Billing/Invoice.cs", 14) + ",\n"
            + Result(folder, "DRIFT017", "Property 'Customer.Name': column public.Customers.Name is missing in the database but the migrations create it; the database is at the latest migration, 20250105090000_Initial, so the column was changed by hand or by a migration's own SQL: restore it, or change the property and add a migration (snapshot audit_app.json (database audit_app))", "Shop/Customer.cs", 6) + ",\n"
            + Result(folder, "DRIFT017", "Property 'Order.Reference': column public.Orders.Reference is nullable in the database but the migrations create it NOT NULL (created by migration 20250105090000_Initial); the database is at the latest migration, 20250105090000_Initial, so the column was changed by hand or by a migration's own SQL: restore it, or change the property and add a migration (snapshot audit_app.json (database audit_app))", "Shop/Order.cs", 8) + ",\n"
            + Result(folder, "DRIFT015", "DbContext 'OutboxDbContext': the database is 1 migration behind, 20250312090000_OutboxAttempts not applied (history table public.__EFMigrationsHistory, snapshot audit_app.json (database audit_app)): apply it with dotnet ef database update --context OutboxDbContext, then take the snapshot again", "Outbox/OutboxDbContext.cs", 6) + ",\n"
            + Result(folder, "DRIFT016", "DbContext 'OutboxDbContext': the database has 1 migration that the code does not have: 20250301120000_OutboxPriority (history table public.__EFMigrationsHistory, snapshot audit_app.json (database audit_app)); another branch or version applied it: merge the code that has it, or undo it in the database", "Outbox/OutboxDbContext.cs", 6) + ",\n"
            + Result(folder, "DRIFT003", "Property 'Order.Note' maps to column public.orders.note, which is not in the table (snapshot audit_app.json (database audit_app))", "Shop/Order.cs", 11) + "\n"
            + "] } ] }";

        private const string Expected = """
            # Drift audit

            **6 warnings** in 4 files, from the build log `build.sarif`, checked against the schema snapshot audit_app.json (database audit_app). Files are in `src/App/` of the repository.

            | rule | severity | findings |
            | --- | --- | ---: |
            | DRIFT003 Column missing from the table | warning | 1 |
            | DRIFT015 Migrations not applied | warning | 1 |
            | DRIFT016 Migration applied that the code does not have | warning | 1 |
            | [DRIFT017](https://example.invalid/DRIFT017.md) Database differs from the migrations | warning | 3 |

            ## Migrations (5 findings)

            Each DbContext's migrations against the history table of its database, and the columns that differ from what the migrations create (which rule reports what: docs/findings.md).

            ### DRIFT015 Migrations not applied, DRIFT016 Migration applied that the code does not have

            | context | the database | migrations | history table | where | fix |
            | --- | --- | --- | --- | --- | --- |
            | OutboxDbContext | 1 migration behind | 20250312090000_OutboxAttempts | public.__EFMigrationsHistory | [Outbox/OutboxDbContext.cs:6](src/App/Outbox/OutboxDbContext.cs#L6) | apply: `dotnet ef database update --context OutboxDbContext`, then `drift snapshot` |
            | OutboxDbContext | has 1 migration the code does not have | 20250301120000_OutboxPriority | public.__EFMigrationsHistory | [Outbox/OutboxDbContext.cs:6](src/App/Outbox/OutboxDbContext.cs#L6) | merge the code that has it, or undo it in the database |

            ### [DRIFT017](https://example.invalid/DRIFT017.md) Database differs from the migrations

            | entity | property | table | column | in the database | the migrations create | created by | where | fix |
            | --- | --- | --- | --- | --- | --- | --- | --- | --- |
            | Invoice | CustomerId | billing.invoices | customer_id | integer | uuid | 20250105090000_CreateInvoices; 20250220100000_InvoiceDueDate runs SQL of its own | [Billing/Invoice.cs:14](src/App/Billing/Invoice.cs#L14) | restore the column, or change the property and add a migration |
            | Customer | Name | public.Customers | Name | missing | the column | — | [Shop/Customer.cs:6](src/App/Shop/Customer.cs#L6) | restore the column, or change the property and add a migration |
            | Order | Reference | public.Orders | Reference | nullable | NOT NULL | 20250105090000_Initial | [Shop/Order.cs:8](src/App/Shop/Order.cs#L8) | restore the column, or change the property and add a migration |

            ## DRIFT003: Column missing from the table (1 warning)

            No column.

            | finding | where | fix |
            | --- | --- | --- |
            | Property 'Order.Note' maps to column public.orders.note, which is not in the table (snapshot audit_app.json (database audit_app)) | [Shop/Order.cs:11](src/App/Shop/Order.cs#L11) | see the rule's documentation |

            """;

        [Test]
        public async Task DRIFT015_016_and_017_are_one_migrations_section_with_a_fix_per_row()
        {
            string folder = Directory.CreateTempSubdirectory("drift-report-migrations-").FullName;
            try
            {
                string sarif = Path.Combine(folder, "build.sarif");
                Directory.CreateDirectory(Path.Combine(folder, ".git"));
                File.WriteAllText(sarif, Sarif(folder));
                string markdown = Path.Combine(folder, "audit.md");
                var result = await Database.DriftAsync("report", "--sarif", sarif, "--output", markdown);
                Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
                Assert.That(File.ReadAllText(markdown), Is.EqualTo(Expected.Replace("\r\n", "\n", System.StringComparison.Ordinal)));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
