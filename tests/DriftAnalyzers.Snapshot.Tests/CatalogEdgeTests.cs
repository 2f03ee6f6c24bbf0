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
    }
}
