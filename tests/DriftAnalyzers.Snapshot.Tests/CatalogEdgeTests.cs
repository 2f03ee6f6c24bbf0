using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DriftAnalyzers.Snapshots;
using NUnit.Framework;

namespace DriftAnalyzers.Snapshot.Tests
{
    /// <summary>What PostgreSQL allows and a catalog read must take: NULLs, names with dots, odd filters.</summary>
    public sealed class CatalogEdgeTests
    {
        private string file = string.Empty;

        [SetUp]
        public void NewFile() => file = Path.Combine(Path.GetTempPath(), "drift-edge-" + Guid.NewGuid().ToString("N") + ".json");

        [TearDown]
        public void DeleteFile() => File.Delete(file);

        private static SchemaSnapshot Read(string text)
        {
            var read = SnapshotReader.Read(text);
            Assert.That(read.Error, Is.Null, read.Error);
            return read.Snapshot!;
        }

        [Test]
        public async Task A_check_constraint_that_names_no_column_is_recorded_and_verified()
        {
            // conkey is NULL for a check constraint that references no column.
            string database = Database.Create(
                "CREATE TABLE public.t (id integer, CONSTRAINT never CHECK (false) NO INHERIT, CONSTRAINT always CHECK (1 > 0));"
                + "CREATE DOMAIN public.nothing AS integer CHECK (false);");
            var snapshot = Read(await Database.SnapshotTextAsync(database));
            var checks = snapshot.Tables.Single().CheckConstraints;
            Assert.That(checks.Select(c => (c.Name, c.Definition)), Is.EqualTo(new[] { ("always", "CHECK ((1 > 0))"), ("never", "CHECK (false) NO INHERIT") }));

            var snapshotRun = await Database.DriftAsync("snapshot", "-c", Database.Server.ConnectionString(database), "-o", file);
            Assert.That(snapshotRun.ExitCode, Is.EqualTo(0), snapshotRun.ToString());
            var verify = await Database.DriftAsync("verify", "-c", Database.Server.ConnectionString(database), file);
            Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());
        }
    
        [Test]
        public async Task Names_with_dots_are_told_apart_by_schema_and_name()
        {
            // Joined with a dot, both tables are "a.b.c" and both enums "a.e.f".
            string database = Database.Create(@"
                CREATE SCHEMA a; CREATE SCHEMA ""a.b""; CREATE SCHEMA ""a.e"";
                CREATE TABLE a.""b.c"" (id integer PRIMARY KEY);
                CREATE TABLE ""a.b"".c (id integer PRIMARY KEY, ref integer REFERENCES a.""b.c"" (id));
                CREATE TYPE a.""e.f"" AS ENUM ('x'); CREATE TYPE ""a.e"".f AS ENUM ('y');");
            string connection = Database.Server.ConnectionString(database);
            var snapshot = await Database.DriftAsync("snapshot", "-c", connection, "-o", file);
            Assert.That(snapshot.ExitCode, Is.EqualTo(0), snapshot.ToString());
            Assert.That(Read(File.ReadAllText(file)).Tables.Select(t => (t.Schema, t.Name)), Is.EqualTo(new[] { ("a", "b.c"), ("a.b", "c") }));

            var inSync = await Database.DriftAsync("verify", "-c", connection, file);
            Assert.That(inSync.ExitCode, Is.EqualTo(0), inSync.ToString());

            Database.Server.Execute(database, @"DROP TABLE ""a.b"".c; DROP TYPE a.""e.f"";");
            var drift = await Database.DriftAsync("verify", "-c", connection, file);
            Assert.That(drift.ExitCode, Is.EqualTo(1), drift.ToString());
            Assert.That(drift.Stdout, Does.Contain("  - table \"a.b\".c is in the snapshot but not in the database"));
            Assert.That(drift.Stdout, Does.Contain("  - enum a.\"e.f\" is in the snapshot but not in the database"));
            Assert.That(drift.Stdout, Does.Contain("in 2 places"));
        }

        [TestCase("pg_catalog")]
        [TestCase("information_schema")]
        [TestCase("pg_toast")]
        public async Task A_system_schema_is_an_error_not_an_empty_snapshot(string schema)
        {
            var result = await Database.DriftAsync("snapshot", "-c", Database.Server.ConnectionString(Database.Create(string.Empty)), "-o", file, "--schema", schema);
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Stderr, Does.StartWith("drift: error: --schema " + schema + ": a system schema; drift snapshots the schemas of applications"));
            Assert.That(File.Exists(file), Is.False);
        }

        [Test]
        public async Task Verify_calls_a_dropped_schema_of_the_filter_drift()
        {
            string database = Database.Create("CREATE SCHEMA billing; CREATE TABLE billing.invoices (id integer); CREATE TABLE public.t (id integer);");
            string connection = Database.Server.ConnectionString(database);
            var snapshot = await Database.DriftAsync("snapshot", "-c", connection, "-o", file, "--schema", "billing");
            Assert.That(snapshot.ExitCode, Is.EqualTo(0), snapshot.ToString());
            Database.Server.Execute(database, "DROP SCHEMA billing CASCADE;");
            var verify = await Database.DriftAsync("verify", "-c", connection, file);
            Assert.That(verify.ExitCode, Is.EqualTo(1), verify.ToString());
            Assert.That(verify.Stdout, Does.Contain("  - schema billing, which the snapshot is limited to (--schema), is not in the database" + Environment.NewLine));
            Assert.That(verify.Stdout, Does.Contain("  - table billing.invoices is in the snapshot but not in the database" + Environment.NewLine));
        }

        /// <summary>The real process, its standard output a pipe whose reader is gone (as with <c>| head -c 100</c>).</summary>
        [Test]
        [Platform("Linux")]
        public async Task Standard_output_closed_by_its_reader_is_an_error_not_a_success()
        {
            string database = Database.Create("CREATE TABLE public.t (id integer);");
            var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in new[] { Path.Combine(TestContext.CurrentContext.TestDirectory, "drift.dll"), "snapshot", "-c", Database.Server.ConnectionString(database), "-o", "-" })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = System.Diagnostics.Process.Start(start)!;
            process.StandardOutput.Close();
            var stderr = process.StandardError.ReadToEndAsync();
            using var guard = new System.Threading.CancellationTokenSource(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(guard.Token);
            Assert.That(process.ExitCode, Is.EqualTo(2), await stderr);
            Assert.That(await stderr, Does.Contain("drift: error: cannot write to standard output: Broken pipe (the program reading it stopped before the end)"));
        }
    }
}
