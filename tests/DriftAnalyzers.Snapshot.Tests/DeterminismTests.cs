using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using DriftAnalyzers.Cli;
using DriftAnalyzers.Snapshots;
using NUnit.Framework;

namespace DriftAnalyzers.Snapshot.Tests
{
    public sealed class DeterminismTests
    {
        private static string WithoutDatabaseName(string text) => Regex.Replace(text, "\"database\": \"[^\"]*\"", "\"database\": \"*\"");

        /// <summary>The installed server's version is not the schema: neither its patch release nor its major version may fail a test.</summary>
        private static string WithoutServerVersion(string text) => Regex.Replace(text, "\"serverVersion\": \"[^\"]*\"", "\"serverVersion\": \"*\"");

        [TestCase(150018, "15")]
        [TestCase(150020, "15")]
        [TestCase(160004, "16")]
        [TestCase(100023, "10")]
        [TestCase(90624, "9.6")]
        public void The_snapshot_records_the_major_version_so_a_patch_release_changes_nothing(int serverVersionNum, string recorded)
            => Assert.That(SnapshotBuilder.ServerVersion(serverVersionNum), Is.EqualTo(recorded));

        [Test]
        public async Task The_same_database_gives_a_byte_identical_snapshot()
        {
            string database = Database.Create(Database.ReadTestFile("FullSchema.sql"));
            string first = await Database.SnapshotTextAsync(database);
            string second = await Database.SnapshotTextAsync(database);
            Assert.That(second, Is.EqualTo(first));
        }

        [Test]
        public async Task Creation_order_does_not_change_the_snapshot()
        {
            const string Types = "CREATE TYPE public.b_kind AS ENUM ('x', 'y'); CREATE TYPE public.a_kind AS ENUM ('y', 'x');";
            const string Parent = "CREATE TABLE public.zeta (id integer PRIMARY KEY, kind public.a_kind);";
            const string Child = "CREATE TABLE public.alpha (id integer PRIMARY KEY, zeta_id integer REFERENCES public.zeta (id), k public.b_kind);";
            const string Indexes = "CREATE INDEX ix_b ON public.alpha (k); CREATE INDEX ix_a ON public.alpha (zeta_id);";
            const string Unrelated = "CREATE TABLE public.\"Mid\" (x text); CREATE TABLE public.mid (x text);";

            string forward = Database.Create(Types + Parent + Child + Indexes + Unrelated);
            string backward = Database.Create(
                "CREATE TABLE public.mid (x text); CREATE TABLE public.\"Mid\" (x text);"
                + "CREATE TYPE public.a_kind AS ENUM ('y', 'x'); CREATE TYPE public.b_kind AS ENUM ('x', 'y');"
                + Parent + Child + "CREATE INDEX ix_a ON public.alpha (zeta_id); CREATE INDEX ix_b ON public.alpha (k);");

            Assert.That(
                WithoutDatabaseName(await Database.SnapshotTextAsync(backward)),
                Is.EqualTo(WithoutDatabaseName(await Database.SnapshotTextAsync(forward))));
        }

        [Test]
        public async Task A_role_with_only_connect_and_usage_gets_the_same_snapshot_as_the_owner()
        {
            string database = Database.Create(Database.ReadTestFile("FullSchema.sql"));
            string role = "reader_" + database;
            Database.Server.Execute(database, $@"
                CREATE ROLE {role} LOGIN PASSWORD 'reader-pw';
                REVOKE ALL ON DATABASE {database} FROM PUBLIC;
                GRANT CONNECT ON DATABASE {database} TO {role};
                GRANT USAGE ON SCHEMA public, billing, ""Reporting"" TO {role};");

            string asOwner = await Database.SnapshotTextAsync(database);
            string asReader = await Database.SnapshotTextAsync(database, role, "reader-pw");
            Assert.That(asReader, Is.EqualTo(asOwner));

            // And the role really cannot read the data: the snapshot comes from the catalog alone.
            Database.Server.Execute(database, $"SET ROLE {role}; DO $$ BEGIN PERFORM 1 FROM public.\"user\"; EXCEPTION WHEN insufficient_privilege THEN RETURN; END $$;");
        }

        [Test]
        public async Task Reading_and_writing_a_snapshot_round_trips_to_the_same_bytes()
        {
            string text = await Database.SnapshotTextAsync(Database.Create(Database.ReadTestFile("FullSchema.sql")));
            var read = SnapshotReader.Read(text);
            Assert.That(read.Error, Is.Null);
            Assert.That(SnapshotWriter.Write(read.Snapshot!), Is.EqualTo(text));
        }

        [Test]
        public async Task The_committed_sample_snapshot_is_current()
        {
            string root = Database.RepositoryRoot;
            string database = Database.Create(File.ReadAllText(Path.Combine(root, "samples", "AuditApp", "database.sql")), "audit_app");
            string committed = File.ReadAllText(Path.Combine(root, "schema-snapshots", "audit_app.json"));
            string current = await Database.SnapshotTextAsync(database);
            Assert.That(
                WithoutServerVersion(current),
                Is.EqualTo(WithoutServerVersion(committed)),
                "schema-snapshots/audit_app.json does not match samples/AuditApp/database.sql: regenerate it with scripts/sample-snapshot and commit it.");
        }
    }
}
