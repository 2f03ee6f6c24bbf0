using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DriftAnalyzers.Tests.Features;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.ProjectCorpus
{
    /// <summary>
    /// Issue 19's acceptance test. <see cref="ShopModel"/> uses every feature the new rules check; EF Core's own
    /// design-time services write its two migrations (the second adds a NOT NULL column, which EF Core gives a zero
    /// default) and its model snapshot, as <c>dotnet ef migrations add</c> does. Its database is created twice, by
    /// <c>Migrate()</c> and by the model's create script, and snapshotted with the real CLI: neither gives any finding.
    /// Then each drift is injected alone into a copy of the migrated database and must add exactly its finding, on the
    /// declaration it concerns (or, for the documented silence of DRIFT005, nothing).
    /// </summary>
    [Category("Corpus")]
    [NonParallelizable]
    public sealed class FeatureDriftTests
    {
        private const string Migrated = "shop_migrated";
        private const string FromModel = "shop_model";
        private const string MigrationsFolder = "/Shop/Migrations/";

        private static readonly Lazy<Task<State>> Shared = new(CreateAsync);

        private sealed record State(CSharpCompilation Project, string SnapshotCode, string Untouched, string ModelCreated);

        /// <summary>Scaffolds both migrations, compiles the project with them, and creates both databases.</summary>
        private static async Task<State> CreateAsync()
        {
            var first = ModelSnapshots.Load((ShopModel.Path, ShopModel.First));
            var initial = ModelSnapshots.Scaffold(first.Contexts.Single(), "Initial");
            var initialFiles = Files(initial, "20260101000000_Initial");

            // The second migration as `dotnet ef migrations add AddLoyalty` writes it: a NOT NULL column added to a table that
            // may hold rows gets the zero of its type as default. (EF Core's scaffolder, run in process on an assembly loaded
            // from memory, rescaffolds the whole model instead, so the migration is written here; Migrate() applying it and
            // HasPendingModelChanges() being false below prove it is the one EF Core expects.)
            var second = ModelSnapshots.Load(new[] { (ShopModel.Path, ShopModel.Source) }.Concat(initialFiles).ToArray());
            string snapshot = second.SnapshotCode["ShopContext"];
            const string AddLoyalty = "20260102000000_AddLoyalty";
            var files = initialFiles.Where(f => !f.Path.EndsWith("ModelSnapshot.cs", StringComparison.Ordinal)).Concat(new (string Path, string Source)[]
            {
                (MigrationsFolder + AddLoyalty + ".cs", """
                    using Microsoft.EntityFrameworkCore.Migrations;

                    #nullable disable

                    namespace Shop.Migrations
                    {
                        /// <inheritdoc />
                        public partial class AddLoyalty : Migration
                        {
                            /// <inheritdoc />
                            protected override void Up(MigrationBuilder migrationBuilder)
                            {
                                migrationBuilder.AddColumn<int>(
                                    name: "Loyalty",
                                    table: "Customers",
                                    type: "integer",
                                    nullable: false,
                                    defaultValue: 0);
                            }

                            /// <inheritdoc />
                            protected override void Down(MigrationBuilder migrationBuilder)
                            {
                                migrationBuilder.DropColumn(
                                    name: "Loyalty",
                                    table: "Customers");
                            }
                        }
                    }
                    """),
                (MigrationsFolder + AddLoyalty + ".Designer.cs", snapshot
                    .Replace("partial class ShopContextModelSnapshot : ModelSnapshot", "[Migration(\"" + AddLoyalty + "\")]\n    partial class AddLoyalty", StringComparison.Ordinal)
                    .Replace("protected override void BuildModel(", "protected override void BuildTargetModel(", StringComparison.Ordinal)
                    .Replace("using Microsoft.EntityFrameworkCore.Infrastructure;", "using Microsoft.EntityFrameworkCore.Infrastructure;\nusing Microsoft.EntityFrameworkCore.Migrations;", StringComparison.Ordinal)),
                (MigrationsFolder + "ShopContextModelSnapshot.cs", snapshot),
            }).ToArray();

            var project = ModelSnapshots.Load(new[] { (ShopModel.Path, ShopModel.Source) }.Concat(files).ToArray());
            var context = project.Contexts.Single();
            var server = CorpusServer.Server;
            ProjectState.DropDatabaseIfExists(server, Migrated);
            ProjectState.DropDatabaseIfExists(server, FromModel);
            server.CreateDatabase(FromModel, context.Database.GenerateCreateScript());
            var type = context.GetType();
            type.GetField("ConnectionString")!.SetValue(null, server.ConnectionString(Migrated));
            using (var migrating = (DbContext)Activator.CreateInstance(type)!)
            {
                migrating.Database.Migrate();
                Assert.That(migrating.Database.GetAppliedMigrations(), Is.EqualTo(new[] { "20260101000000_Initial", AddLoyalty }));
                Assert.That(migrating.Database.HasPendingModelChanges(), Is.False);
            }

            NpgsqlConnection.ClearAllPools();
            return new State(project.Compilation, snapshot, await ProjectState.SnapshotAsync(Migrated), await ProjectState.SnapshotAsync(FromModel));
        }

        /// <summary>The scaffolded files under a fixed migration ID (scaffolding takes the clock's, which may not sort).</summary>
        private static (string Path, string Source)[] Files(Microsoft.EntityFrameworkCore.Migrations.Design.ScaffoldedMigration migration, string id) => new[]
        {
            (MigrationsFolder + id + ".cs", migration.MigrationCode.Replace(migration.MigrationId, id, StringComparison.Ordinal)),
            (MigrationsFolder + id + ".Designer.cs", migration.MetadataCode.Replace(migration.MigrationId, id, StringComparison.Ordinal)),
            (MigrationsFolder + "ShopContextModelSnapshot.cs", migration.SnapshotCode),
        };

        private static async Task<List<string>> FindingsAsync(string snapshot)
        {
            var state = await Shared.Value;
            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(state.Project, snapshot);
            Assert.That(exceptions, Is.Empty);
            return diagnostics
                .Where(d => d.Severity != DiagnosticSeverity.Hidden)
                .Select(d => d.Id + " " + System.IO.Path.GetFileName(d.Location.GetLineSpan().Path) + ":" + (d.Location.GetLineSpan().StartLinePosition.Line + 1) + " " + d.GetMessage())
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
        }

        [Test]
        public async Task The_database_its_migrations_create_gives_no_finding()
            => Assert.That(await FindingsAsync((await Shared.Value).Untouched), Is.Empty);

        [Test]
        public async Task The_database_its_model_creates_gives_no_finding()
            => Assert.That(await FindingsAsync((await Shared.Value).ModelCreated), Is.Empty);

        [Test]
        public async Task Print_the_snapshot()
        {
            var state = await Shared.Value;
            TestContext.Out.WriteLine(state.SnapshotCode);
            TestContext.Out.WriteLine(state.Untouched);
        }

        /// <summary>A drift: its SQL, the rule that must report it (null: nothing may), and the text of the line it must be reported on.</summary>
        public sealed record Drift(string Name, string Sql, string? Rule, string? Line);

        public static readonly Drift[] Drifts =
        {
            // The six core drifts. The database is at its latest migration, so a column changed afterwards is DRIFT017 (changed
            // by hand or by a migration's own SQL), in place of DRIFT001/003/004/005: docs/findings.md.
            new("column type changed", "ALTER TABLE \"Customers\" ALTER COLUMN \"Nickname\" TYPE integer USING NULL", "DRIFT017", "public string? Nickname"),
            new("table dropped", "DROP TABLE \"Tags\"", "DRIFT002", "public class Tag"),
            new("column dropped", "ALTER TABLE \"Orders\" DROP COLUMN \"PlacedAt\"", "DRIFT017", "public DateTime PlacedAt"),
            new("NOT NULL dropped", "ALTER TABLE \"Warehouses\" ALTER COLUMN \"Name\" DROP NOT NULL", "DRIFT017", "public string Name { get; set; } = \"\";\n    }\n\n    public class Shipment"),
            new("length changed", "ALTER TABLE \"Customers\" ALTER COLUMN \"Email\" TYPE character varying(100)", "DRIFT017", "public string Email"),
            new("FK dropped", "ALTER TABLE \"Shipments\" DROP CONSTRAINT \"FK_Shipments_Warehouses_WarehouseId\"", "DRIFT007", "public int WarehouseId"),

            // Issue 19's eight.
            new("FK index dropped", "DROP INDEX \"IX_Orders_CustomerId\"", "DRIFT018", "public int CustomerId"),
            new("default added", "ALTER TABLE \"Customers\" ALTER COLUMN \"Nickname\" SET DEFAULT 'anonymous'", "DRIFT022", "public string? Nickname"),
            new("CASCADE changed to RESTRICT", "ALTER TABLE \"Orders\" DROP CONSTRAINT \"FK_Orders_Customers_CustomerId\"; ALTER TABLE \"Orders\" ADD CONSTRAINT \"FK_Orders_Customers_CustomerId\" FOREIGN KEY (\"CustomerId\") REFERENCES \"Customers\" (\"Id\") ON DELETE RESTRICT", "DRIFT021", "public int CustomerId"),
            new("owned column made nullable", "ALTER TABLE \"Customers\" ALTER COLUMN \"Address_City\" DROP NOT NULL", "DRIFT017", "public string City"),
            new("extra unique index", "CREATE UNIQUE INDEX ux_customers_nickname ON \"Customers\" (\"Nickname\")", "DRIFT020", "public class Customer"),
            new("varchar length where the model declares none", "ALTER TABLE \"Customers\" ALTER COLUMN \"Name\" TYPE character varying(50)", null, null),
            new("check constraint changed", "ALTER TABLE \"Orders\" DROP CONSTRAINT \"CK_Order_Quantity\"; ALTER TABLE \"Orders\" ADD CONSTRAINT \"CK_Order_Quantity\" CHECK (\"Quantity\" >= 0)", "DRIFT023", "public class Order"),
            new("computed column changed", "ALTER TABLE \"Orders\" DROP COLUMN \"Total\"; ALTER TABLE \"Orders\" ADD COLUMN \"Total\" numeric(12,2) GENERATED ALWAYS AS (\"Quantity\" * \"UnitPrice\" * 2) STORED", "DRIFT024", "public decimal Total"),
            new("identity dropped", "ALTER TABLE \"AuditEntries\" ALTER COLUMN \"Id\" DROP IDENTITY", "DRIFT025", "public long Id { get; set; }\n        public string Message"),

            // More of each kind.
            new("unique index made non-unique", "DROP INDEX \"IX_Customers_Email\"; CREATE INDEX \"IX_Customers_Email\" ON \"Customers\" (\"Email\")", "DRIFT019", "public string Email"),
            new("index made unique", "DROP INDEX \"IX_Orders_CustomerId\"; CREATE UNIQUE INDEX \"IX_Orders_CustomerId\" ON \"Orders\" (\"CustomerId\")", "DRIFT019", "public int CustomerId"),
            new("index filter dropped", "DROP INDEX \"IX_Orders_Reference\"; CREATE UNIQUE INDEX \"IX_Orders_Reference\" ON \"Orders\" (\"Reference\")", "DRIFT019", "public string Reference"),
            new("index method changed", "DROP INDEX \"IX_Tags_Label\"; CREATE INDEX \"IX_Tags_Label\" ON \"Tags\" (\"Label\")", "DRIFT019", "public string Label"),
            new("included column dropped", "DROP INDEX \"IX_Orders_PlacedAt\"; CREATE INDEX \"IX_Orders_PlacedAt\" ON \"Orders\" (\"PlacedAt\")", "DRIFT019", "public DateTime PlacedAt"),
            new("derived type's unique index dropped", "DROP INDEX \"IX_Payments_Token\"", "DRIFT018", "public string Token"),
            new("composite index dropped", "DROP INDEX \"IX_Customers_Name_CreatedAt\"", "DRIFT018", "public class Customer"),
            new("SET NULL changed to CASCADE", "ALTER TABLE \"Shipments\" DROP CONSTRAINT \"FK_Shipments_Orders_OrderId\"; ALTER TABLE \"Shipments\" ADD CONSTRAINT \"FK_Shipments_Orders_OrderId\" FOREIGN KEY (\"OrderId\") REFERENCES \"Orders\" (\"Id\") ON DELETE CASCADE", "DRIFT021", "public int? OrderId"),
            new("optional relationship made CASCADE", "ALTER TABLE \"Orders\" DROP CONSTRAINT \"FK_Orders_Coupons_CouponId\"; ALTER TABLE \"Orders\" ADD CONSTRAINT \"FK_Orders_Coupons_CouponId\" FOREIGN KEY (\"CouponId\") REFERENCES \"Coupons\" (\"Id\") ON DELETE CASCADE", "DRIFT021", "public long? CouponId"),
            new("default changed", "ALTER TABLE \"Customers\" ALTER COLUMN \"Status\" SET DEFAULT 'inactive'", "DRIFT022", "public string Status"),
            new("number default changed", "ALTER TABLE \"Customers\" ALTER COLUMN \"Score\" SET DEFAULT 11", "DRIFT022", "public int Score"),
            new("SQL default dropped", "ALTER TABLE \"Customers\" ALTER COLUMN \"CreatedAt\" DROP DEFAULT", "DRIFT022", "public DateTime CreatedAt"),
            new("now() written as CURRENT_TIMESTAMP", "ALTER TABLE \"Customers\" ALTER COLUMN \"CreatedAt\" SET DEFAULT CURRENT_TIMESTAMP", null, null),
            new("check constraint dropped", "ALTER TABLE \"AuditEntries\" DROP CONSTRAINT \"CK_AuditEntry_Level\"", "DRIFT023", "public class AuditEntry"),
            new("check constraint renamed", "ALTER TABLE \"AuditEntries\" RENAME CONSTRAINT \"CK_AuditEntry_Level\" TO ck_level", null, null),
            new("computed column made plain", "ALTER TABLE \"Orders\" ALTER COLUMN \"Total\" DROP EXPRESSION", "DRIFT024", "public decimal Total"),
            new("serial default dropped", "ALTER TABLE \"Warehouses\" ALTER COLUMN \"Id\" DROP DEFAULT", "DRIFT025", "public int Id { get; set; }\n        public string Name { get; set; } = \"\";\n    }\n\n    public class Shipment"),
            new("identity made ALWAYS", "ALTER TABLE \"Customers\" ALTER COLUMN \"Id\" SET GENERATED ALWAYS", "DRIFT025", "public int Id { get; set; }\n        [MaxLength(200)]"),
            new("identity ALWAYS made BY DEFAULT", "ALTER TABLE \"AuditEntries\" ALTER COLUMN \"Id\" SET GENERATED BY DEFAULT", null, null),
            new("sequence dropped", "DROP SEQUENCE billing.invoice_numbers", "DRIFT026", "public class ShopContext : DbContext"),
            new("HiLo sequence dropped", "DROP SEQUENCE coupon_hilo", "DRIFT026", "public class ShopContext : DbContext"),
            new("increment changed", "ALTER SEQUENCE billing.invoice_numbers INCREMENT BY 1", "DRIFT026", "public class ShopContext : DbContext"),
            new("HiLo increment changed", "ALTER SEQUENCE coupon_hilo INCREMENT BY 1", "DRIFT026", "public class ShopContext : DbContext"),
            new("sequence type changed", "ALTER SEQUENCE billing.invoice_numbers AS bigint", "DRIFT026", "public class ShopContext : DbContext"),
            new("sequence restarted and advanced", "ALTER SEQUENCE order_numbers RESTART WITH 5000; SELECT nextval('coupon_hilo')", null, null),
            new("sequence the model does not declare", "CREATE SEQUENCE billing.other_numbers", null, null),
            new("jsonb column made json", "ALTER TABLE \"Customers\" ALTER COLUMN \"Preferences\" TYPE json", "DRIFT017", "public Preferences Preferences"),
        };

        public static IEnumerable<TestCaseData> DriftCases() => Drifts.Select(d => new TestCaseData(d.Name).SetArgDisplayNames(d.Name));

        [TestCaseSource(nameof(DriftCases))]
        public async Task Each_drift_adds_its_finding_on_its_declaration(string name)
        {
            var drift = Drifts.Single(d => d.Name == name);
            var state = await Shared.Value;
            var server = CorpusServer.Server;
            string database = "shop_drift_" + Array.IndexOf(Drifts, drift);
            ProjectState.DropDatabaseIfExists(server, database);
            ProjectState.CloneDatabase(server, Migrated, database);
            server.Execute(database, drift.Sql);
            NpgsqlConnection.ClearAllPools();
            var untouched = await FindingsAsync(state.Untouched);
            var drifted = (await FindingsAsync(await ProjectState.SnapshotAsync(database))).Select(f => f.Replace("(database " + database + ")", "(database " + Migrated + ")", StringComparison.Ordinal)).ToList();
            ProjectState.DropDatabaseIfExists(server, database);
            var added = drifted.Except(untouched).ToList();
            TestContext.Out.WriteLine(string.Join("\n", added));
            if (drift.Rule == null)
            {
                Assert.That(added, Is.Empty, drift.Name + " must stay silent");
                return;
            }

            string expected = drift.Rule + " Shop.cs:" + LineOf(drift.Line!) + " ";
            Assert.That(added.Count(f => f.StartsWith(expected, StringComparison.Ordinal)), Is.EqualTo(1), drift.Name + ": expected " + expected + "...; added:\n" + string.Join("\n", added));
            Assert.That(added.Where(f => !f.StartsWith(expected, StringComparison.Ordinal)), Is.Empty, drift.Name + ": nothing else");
        }

        private static int LineOf(string text)
        {
            string source = ShopModel.Source.Replace("\r\n", "\n", StringComparison.Ordinal);
            string dedented = string.Join("\n", source.Split('\n'));
            int index = dedented.IndexOf(text, StringComparison.Ordinal);
            Assert.That(index, Is.GreaterThanOrEqualTo(0), text);
            return dedented.Substring(0, index).Count(c => c == '\n') + 1;
        }
    }
}
