using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DriftAnalyzers.Cli;
using DriftAnalyzers.Snapshots;
using Json.Schema;
using NUnit.Framework;

namespace DriftAnalyzers.Snapshot.Tests
{
    /// <summary>
    /// <c>drift snapshot</c> records the applied migrations of EF Core's history tables (format version 2): what tells a
    /// database that is behind from one that drifted.
    /// </summary>
    public sealed class MigrationHistoryTests
    {
        // As EF Core 10 with Npgsql creates it (HistoryRepository.GetCreateScript).
        private static string HistoryTable(string schema, string name)
            => $"CREATE TABLE \"{schema}\".\"{name}\" (\"MigrationId\" character varying(150) NOT NULL, \"ProductVersion\" character varying(32) NOT NULL, CONSTRAINT \"PK_{name}\" PRIMARY KEY (\"MigrationId\"));";

        private static readonly string Migrated =
            HistoryTable("public", "__EFMigrationsHistory")
            + "INSERT INTO public.\"__EFMigrationsHistory\" VALUES ('20250302093000_AddReviews', '10.0.1'), ('20250101120000_Initial', '10.0.1'), ('20250415080000_Coupons', '10.0.1');"
            + "CREATE SCHEMA billing;"
            + HistoryTable("billing", "migrations")
            + "INSERT INTO billing.migrations VALUES ('20250110000000_Billing', '9.0.0');"
            + "CREATE TABLE public.look_alike (\"MigrationId\" character varying(150) PRIMARY KEY, other text);"
            + "INSERT INTO public.look_alike VALUES ('20250101120000_Initial', 'x');"
            + "CREATE TABLE public.users (id integer PRIMARY KEY);";

        private static SchemaSnapshot Read(string text)
        {
            var read = SnapshotReader.Read(text);
            Assert.That(read.Error, Is.Null, text);
            return read.Snapshot!;
        }

        [Test]
        public async Task History_tables_are_recognised_by_shape_and_their_ids_recorded_sorted()
        {
            string text = await Database.SnapshotTextAsync(Database.Create(Migrated));
            var history = Read(text).MigrationHistory;
            Assert.That(history.Select(h => SnapshotNames.Display(h.Schema, h.Name)), Is.EqualTo(new[] { "billing.migrations", "public.__EFMigrationsHistory" }), "renamed and moved (MigrationsHistoryTable) included; a table without ProductVersion is not one");
            Assert.That(history[1].Migrations, Is.EqualTo(new[] { "20250101120000_Initial", "20250302093000_AddReviews", "20250415080000_Coupons" }));
            Assert.That(history[0].Migrations, Is.EqualTo(new[] { "20250110000000_Billing" }));
            Assert.That(text, Does.EndWith(
                "  \"migrationHistory\": [\n"
                + "    {\n      \"schema\": \"billing\",\n      \"name\": \"migrations\",\n      \"migrations\": [\n        \"20250110000000_Billing\"\n      ]\n    },\n"
                + "    {\n      \"schema\": \"public\",\n      \"name\": \"__EFMigrationsHistory\",\n      \"migrations\": [\n"
                + "        \"20250101120000_Initial\",\n        \"20250302093000_AddReviews\",\n        \"20250415080000_Coupons\"\n      ]\n    }\n  ],\n  \"sequences\": []\n}\n"));
        }

        [Test]
        public async Task A_history_table_whose_columns_EFCore_NamingConventions_snake_cased_is_recognised()
        {
            string sql = "CREATE TABLE public.\"__EFMigrationsHistory\" (migration_id character varying(150) NOT NULL, product_version character varying(32) NOT NULL, CONSTRAINT pk___ef_migrations_history PRIMARY KEY (migration_id));"
                + "INSERT INTO public.\"__EFMigrationsHistory\" VALUES ('20250101120000_Initial', '10.0.1');"
                + "CREATE TABLE public.half (migration_id text PRIMARY KEY, \"ProductVersion\" text);";
            var history = Read(await Database.SnapshotTextAsync(Database.Create(sql))).MigrationHistory;
            Assert.That(history.Select(h => (h.Name, h.Migrations!.Single())), Is.EqualTo(new[] { ("__EFMigrationsHistory", "20250101120000_Initial") }), "a mix of the two spellings is not EF Core's");
        }

        [Test]
        public async Task An_empty_history_table_records_no_migration_and_a_database_without_one_records_nothing()
        {
            var empty = Read(await Database.SnapshotTextAsync(Database.Create(HistoryTable("public", "__EFMigrationsHistory"))));
            Assert.That(empty.MigrationHistory.Single().Migrations, Is.Empty);

            string text = await Database.SnapshotTextAsync(Database.Create("CREATE TABLE t (id int);"));
            Assert.That(text, Does.Not.Contain("migrationHistory"), "an optional property is left out when empty");
            Assert.That(Read(text).MigrationHistory, Is.Empty);
        }

        [Test]
        public async Task Excluding_the_history_table_from_the_comparison_keeps_its_migrations()
        {
            var snapshot = Read(await Database.SnapshotTextAsync(Database.Create(Migrated), null, null, "--exclude-table", "__EFMigrationsHistory"));
            Assert.That(snapshot.Tables.Select(t => t.Name), Does.Not.Contain("__EFMigrationsHistory"));
            Assert.That(snapshot.MigrationHistory.Single(h => h.Name == "__EFMigrationsHistory").Migrations, Has.Count.EqualTo(3));
        }

        [Test]
        public async Task A_history_table_outside_the_schema_filter_is_not_recorded()
        {
            var snapshot = Read(await Database.SnapshotTextAsync(Database.Create(Migrated), null, null, "--schema", "public"));
            Assert.That(snapshot.MigrationHistory.Select(h => h.Schema), Is.EqualTo(new[] { "public" }));
        }

        [Test]
        public async Task A_role_that_may_not_read_the_history_gets_a_snapshot_that_says_so()
        {
            string database = Database.Create(Migrated);
            string role = "nohistory_" + database;
            Database.Server.Execute(database, $@"
                CREATE ROLE {role} LOGIN PASSWORD 'nohistory-pw';
                GRANT USAGE ON SCHEMA public, billing TO {role};
                GRANT SELECT (""MigrationId"") ON billing.migrations TO {role};");

            string text = await Database.SnapshotTextAsync(database, role, "nohistory-pw");
            var history = Read(text).MigrationHistory;
            Assert.That(history[0].Migrations, Is.EqualTo(new[] { "20250110000000_Billing" }), "SELECT on the MigrationId column is enough");
            Assert.That((history[1].Name, history[1].Migrations, history[1].Unreadable), Is.EqualTo(("__EFMigrationsHistory", (object?)null, "permission denied")));
            Assert.That(text, Does.Contain("      \"unreadable\": \"permission denied\"\n"));

            // The rest of the snapshot is the owner's.
            string owner = await Database.SnapshotTextAsync(database);
            Assert.That(text.Substring(0, text.IndexOf("\"migrationHistory\"", System.StringComparison.Ordinal)), Is.EqualTo(owner.Substring(0, owner.IndexOf("\"migrationHistory\"", System.StringComparison.Ordinal))));
        }

        [Test]
        public async Task Row_level_security_that_may_hide_rows_makes_the_history_unreadable()
        {
            string database = Database.Create(Migrated + "ALTER TABLE public.\"__EFMigrationsHistory\" ENABLE ROW LEVEL SECURITY;");
            string role = "rls_" + database;
            Database.Server.Execute(database, $@"
                CREATE ROLE {role} LOGIN PASSWORD 'rls-pw';
                GRANT USAGE ON SCHEMA public, billing TO {role};
                GRANT SELECT ON ALL TABLES IN SCHEMA public, billing TO {role};");

            var history = Read(await Database.SnapshotTextAsync(database, role, "rls-pw")).MigrationHistory;
            Assert.That(history[1].Unreadable, Is.EqualTo("row-level security"), "with no policy the role would read no row: a database 'behind' by every migration");
            Assert.That(history[0].Migrations, Has.Count.EqualTo(1));
        }

        [Test]
        public async Task The_snapshot_round_trips_and_is_valid_for_the_schema()
        {
            string text = await Database.SnapshotTextAsync(Database.Create(Migrated));
            Assert.That(SnapshotWriter.Write(Read(text)), Is.EqualTo(text));
            var schema = JsonSchema.FromFile(Path.Combine(Database.RepositoryRoot, "schema-snapshots", "drift-snapshot.schema.json"));
            Assert.That(schema.Evaluate(System.Text.Json.Nodes.JsonNode.Parse(text)).IsValid, Is.True);
            Assert.That(schema.Evaluate(System.Text.Json.Nodes.JsonNode.Parse(text.Replace("\"version\": 3", "\"version\": 1", System.StringComparison.Ordinal))).IsValid, Is.False, "version 1 has no migrationHistory");
        }

        [Test]
        public async Task Verify_ignores_the_history_as_before()
        {
            string database = Database.Create(Migrated);
            string file = Path.Combine(Path.GetTempPath(), "drift-history-" + database + ".json");
            try
            {
                File.WriteAllText(file, await Database.SnapshotTextAsync(database));
                Database.Server.Execute(database, "INSERT INTO public.\"__EFMigrationsHistory\" VALUES ('20250501000000_Later', '10.0.1');");
                var result = await Database.DriftAsync("verify", "--connection", Database.Server.ConnectionString(database, null, null), file);
                Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            }
            finally
            {
                File.Delete(file);
            }
        }

        [TestCase("{\"schema\": \"public\", \"name\": \"h\"}", "a migrations history table has either \"migrations\" or \"unreadable\", not neither")]
        [TestCase("{\"schema\": \"public\", \"name\": \"h\", \"migrations\": [], \"unreadable\": \"permission denied\"}", "a migrations history table has either \"migrations\" or \"unreadable\", not both")]
        [TestCase("{\"schema\": \"public\", \"name\": \"h\", \"migrations\": [\"a\", \"a\"]}", "duplicate migration \"a\" in migrations history table \"public.h\"")]
        public void The_reader_rejects_a_broken_history(string entry, string message)
        {
            string text = "{\"format\": \"drift-schema-snapshot\", \"version\": 2, \"database\": \"d\", \"serverVersion\": \"15\", \"filter\": {\"schemas\": [], \"excludeTables\": []}, "
                + "\"tables\": [], \"views\": [], \"enums\": [], \"domains\": [], \"migrationHistory\": [" + entry + "]}";
            Assert.That(SnapshotReader.Read(text).Error, Is.EqualTo(message));
        }

        [Test]
        public void A_version_1_file_reads_without_history_and_may_not_hold_one()
        {
            const string V1 = "{\"format\": \"drift-schema-snapshot\", \"version\": 1, \"database\": \"d\", \"serverVersion\": \"15\", \"filter\": {\"schemas\": [], \"excludeTables\": []}, \"tables\": [], \"views\": [], \"enums\": [], \"domains\": []";
            Assert.That(SnapshotReader.Read(V1 + "}").Snapshot!.MigrationHistory, Is.Empty);
            Assert.That(SnapshotReader.Read(V1 + ", \"migrationHistory\": []}").Error, Is.EqualTo("the snapshot has an unknown property \"migrationHistory\""));
        }
    }
}
