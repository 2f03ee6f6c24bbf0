using System;
using System.IO;
using System.Threading.Tasks;
using NUnit.Framework;

namespace DriftAnalyzers.Snapshot.Tests
{
    public sealed class VerifyTests
    {
        private string file = string.Empty;

        [SetUp]
        public void NewFile() => file = Path.Combine(Path.GetTempPath(), "drift-verify-" + Guid.NewGuid().ToString("N") + ".json");

        [TearDown]
        public void DeleteFile() => File.Delete(file);

        private async Task<string> SnapshotToFile(string database, params string[] extra)
        {
            var result = await Database.DriftAsync(["snapshot", "-c", Database.Server.ConnectionString(database), "-o", file, .. extra]);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            return file;
        }

        private static Task<CliResult> Verify(string database, string path) =>
            Database.DriftAsync("verify", "--connection", Database.Server.ConnectionString(database), path);

        [Test]
        public async Task In_sync_exits_0()
        {
            string database = Database.Create(Database.ReadTestFile("FullSchema.sql"));
            var result = await Verify(database, await SnapshotToFile(database));
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stdout, Does.Contain("is in sync with database " + database + " (9 tables, 2 views, 2 enums, 1 domain)"));
        }

        [Test]
        public async Task Drift_exits_1_and_lists_every_difference()
        {
            string database = Database.Create(Database.ReadTestFile("FullSchema.sql"));
            await SnapshotToFile(database);
            Database.Server.Execute(database, @"
                ALTER TABLE public.subscriptions ALTER COLUMN user_id TYPE integer USING 0;
                ALTER TABLE public.subscriptions ADD CONSTRAINT subscriptions_user_fk FOREIGN KEY (user_id) REFERENCES public.""user"" (id);
                ALTER TABLE public.""user"" ALTER COLUMN ""select"" SET NOT NULL;
                ALTER TABLE public.""user"" DROP COLUMN tags;
                ALTER TABLE public.""ExpertProfiles"" ALTER COLUMN ""Flag"" DROP DEFAULT;
                CREATE TABLE public.orders (id integer PRIMARY KEY);
                DROP VIEW public.user_names;
                ALTER TYPE public.mood ADD VALUE 'ecstatic';
                CREATE INDEX ix_sub_user ON public.subscriptions (user_id);
                ALTER DOMAIN public.positive_amount DROP NOT NULL;");

            var result = await Verify(database, file);
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            string[] expected =
            {
                "  - table public.orders is in the database but not in the snapshot",
                "  - column public.subscriptions.user_id: type is character varying(64) in the snapshot, integer in the database",
                "  - foreign key public.subscriptions.subscriptions_user_fk is in the database but not in the snapshot",
                "  - index public.subscriptions.ix_sub_user is in the database but not in the snapshot",
                "  - column public.user.select: nullability is NULL in the snapshot, NOT NULL in the database",
                "  - column public.user.tags is in the snapshot but not in the database",
                "  - column public.ExpertProfiles.Flag: default is false in the snapshot, none in the database",
                "  - view public.user_names is in the snapshot but not in the database",
                "  - enum public.mood: labels are (sad, meh, ok, happy) in the snapshot, (sad, meh, ok, happy, ecstatic) in the database",
                "  - domain public.positive_amount: nullability is NOT NULL in the snapshot, NULL in the database",
            };
            foreach (string line in expected)
            {
                Assert.That(result.Stdout, Does.Contain(line + Environment.NewLine), result.Stdout);
            }

            Assert.That(result.Stdout, Does.Contain("differs from database " + database + " in 10 places:"));
            Assert.That(result.Stdout, Does.EndWith("To record the database as it is (with the same connection): drift snapshot -o " + file + Environment.NewLine
                + "Or bring the database back in line with the snapshot." + Environment.NewLine));
        }

        [Test]
        public async Task The_command_to_record_the_database_keeps_the_filter()
        {
            string database = Database.Create(Database.ReadTestFile("FullSchema.sql"));
            await SnapshotToFile(database, "--schema", "billing", "--exclude-table", "invoice_*");
            Database.Server.Execute(database, "CREATE TABLE billing.extra (id integer);");
            var result = await Verify(database, file);
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.Stdout, Does.Contain("drift snapshot -o " + file + " --schema billing --exclude-table 'invoice_*'" + Environment.NewLine));
        }

        [Test]
        public async Task Json_output_is_one_object_with_the_same_exit_codes()
        {
            string database = Database.Create(Database.ReadTestFile("FullSchema.sql"));
            await SnapshotToFile(database);
            var inSync = await Database.DriftAsync("verify", "-c", Database.Server.ConnectionString(database), "--json", file);
            Assert.That(inSync.ExitCode, Is.EqualTo(0), inSync.ToString());
            using (var document = System.Text.Json.JsonDocument.Parse(inSync.Stdout))
            {
                Assert.That(document.RootElement.GetProperty("inSync").GetBoolean(), Is.True);
                Assert.That(document.RootElement.GetProperty("database").GetString(), Is.EqualTo(database));
                Assert.That(document.RootElement.GetProperty("differences").GetArrayLength(), Is.Zero);
            }

            Database.Server.Execute(database, "CREATE TABLE public.orders (id integer PRIMARY KEY);");
            var drift = await Database.DriftAsync("verify", "-c", Database.Server.ConnectionString(database), "--json", file);
            Assert.That(drift.ExitCode, Is.EqualTo(1), drift.ToString());
            using var drifted = System.Text.Json.JsonDocument.Parse(drift.Stdout);
            Assert.That(drifted.RootElement.GetProperty("inSync").GetBoolean(), Is.False);
            Assert.That(drifted.RootElement.GetProperty("snapshot").GetString(), Is.EqualTo(file));
            Assert.That(drifted.RootElement.GetProperty("differences")[0].GetString(), Is.EqualTo("table public.orders is in the database but not in the snapshot"));
        }

        [Test]
        public async Task Verify_checks_with_the_filter_the_snapshot_was_taken_with()
        {
            string database = Database.Create(Database.ReadTestFile("FullSchema.sql"));
            await SnapshotToFile(database, "--schema", "billing", "--exclude-table", "invoice_lines");
            Database.Server.Execute(database, "CREATE TABLE public.elsewhere (id integer); ALTER TABLE billing.invoice_lines ADD COLUMN note text;");
            var result = await Verify(database, file);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        }

        [Test]
        public async Task A_broken_snapshot_exits_2_with_file_line_and_column()
        {
            File.WriteAllText(file, "{\n  \"format\": \"drift-schema-snapshot\",\n  \"version\": 1,,\n}\n");
            var result = await Verify(Database.Create(string.Empty), file);
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Is.EqualTo("drift: error: " + file + "(3,16): invalid snapshot: unexpected ',', expected a property name in double quotes" + Environment.NewLine));
        }

        [Test]
        public async Task A_missing_snapshot_exits_2()
        {
            var result = await Verify(Database.Create(string.Empty), file);
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.StartWith("drift: error: cannot read snapshot '" + file + "'"));
        }
    }
}
