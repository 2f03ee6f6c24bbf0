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
                "  - enum public.mood: labels is (sad, meh, ok, happy) in the snapshot, (sad, meh, ok, happy, ecstatic) in the database",
                "  - domain public.positive_amount: nullability is NOT NULL in the snapshot, NULL in the database",
            };
            foreach (string line in expected)
            {
                Assert.That(result.Stdout, Does.Contain(line + Environment.NewLine), result.Stdout);
            }

            Assert.That(result.Stdout, Does.Contain("differs from database " + database + " in 10 places:"));
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
