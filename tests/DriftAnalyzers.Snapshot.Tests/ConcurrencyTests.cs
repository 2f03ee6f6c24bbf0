using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DriftAnalyzers.Snapshots;
using Npgsql;
using NUnit.Framework;

namespace DriftAnalyzers.Snapshot.Tests
{
    /// <summary>
    /// Snapshots of a database whose schema other sessions change all the time: each one is consistent in itself, or
    /// fails with one retryable line; the CLI never crashes and never hangs. And a lock held elsewhere fails after
    /// <c>--lock-wait-timeout</c>, naming the table and who holds it.
    /// </summary>
    [NonParallelizable]
    public sealed class ConcurrencyTests
    {
        /// <summary>Scaled up with DRIFT_CONCURRENCY_TABLES / DRIFT_CONCURRENCY_SNAPSHOTS for the figures in docs/concurrency.md.</summary>
        private static int Setting(string name, int fallback)
            => int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0 ? value : fallback;

        [Test]
        public async Task Snapshots_taken_during_ddl_are_consistent_or_fail_with_one_retryable_line()
        {
            int tables = Setting("DRIFT_CONCURRENCY_TABLES", 60);
            int snapshots = Setting("DRIFT_CONCURRENCY_SNAPSHOTS", 20);
            var setup = new StringBuilder();
            for (int i = 0; i < tables; i++)
            {
                setup.Append(CultureInfo.InvariantCulture, $"CREATE TABLE public.base_{i} (id integer PRIMARY KEY, v integer DEFAULT {i}, note text CHECK (note <> ''));");
                if (i > 0)
                {
                    setup.Append(CultureInfo.InvariantCulture, $"ALTER TABLE public.base_{i} ADD COLUMN prev integer REFERENCES public.base_{i - 1} (id);");
                }
            }

            string database = Database.Create(setup.ToString());
            string connection = Database.Server.ConnectionString(database);
            using var stop = new CancellationTokenSource();
            var ddl = new[] { Churn(connection, 1, tables, stop.Token), Churn(connection, 2, tables, stop.Token) };

            var outcomes = new List<(int Exit, string Stderr, long Milliseconds)>();
            var problems = new List<string>();
            string file = Path.Combine(Path.GetTempPath(), "drift-concurrency-" + Guid.NewGuid().ToString("N") + ".json");
            try
            {
                // Let the sessions get going before the first snapshot.
                await Task.Delay(300);
                for (int n = 0; n < snapshots; n++)
                {
                    var watch = Stopwatch.StartNew();
                    var run = Database.DriftAsync("snapshot", "-c", connection, "-o", file, "--lock-wait-timeout", "5s");
                    var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(3)));
                    Assert.That(finished, Is.SameAs(run), "a snapshot hangs (hang guard, not a timing)");
                    var result = await run;
                    outcomes.Add((result.ExitCode, result.Stderr, watch.ElapsedMilliseconds));
                    if (result.ExitCode == 0)
                    {
                        problems.AddRange(Inconsistencies(File.ReadAllText(file)).Select(p => "snapshot " + n + ": " + p));
                    }
                    else
                    {
                        string[] lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                            .Where(l => l.StartsWith("drift: error: ", StringComparison.Ordinal) || !l.StartsWith("drift: ", StringComparison.Ordinal)).ToArray();
                        if (result.ExitCode != 2 || lines.Length != 1 || !lines[0].Contains("run drift again", StringComparison.Ordinal))
                        {
                            problems.Add("snapshot " + n + " failed without one retryable line: " + result);
                        }
                    }
                }
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAll(ddl);
                File.Delete(file);
            }

            int succeeded = outcomes.Count(o => o.Exit == 0);
            var times = outcomes.Select(o => o.Milliseconds).OrderBy(t => t).ToArray();
            int statements = ddl.Sum(t => t.Result);
            TestContext.Out.WriteLine(
                $"{tables} tables, 2 DDL sessions ({statements} DDL statements run): {outcomes.Count} snapshots, {succeeded} consistent, "
                + $"{outcomes.Count - succeeded} failed cleanly; per snapshot median {times[times.Length / 2]} ms, max {times[^1]} ms; "
                + $"{outcomes.Sum(o => CountOf(o.Stderr, "reading again"))} re-reads");
            foreach (var failure in outcomes.Where(o => o.Exit != 0).Select(o => o.Stderr.Trim()).Distinct().Take(5))
            {
                TestContext.Out.WriteLine("  " + failure.Replace("\n", " | ", StringComparison.Ordinal));
            }

            Assert.That(problems, Is.Empty);
            Assert.That(statements, Is.GreaterThan(0), "the DDL sessions ran");
        }

        private static int CountOf(string text, string what)
        {
            int count = 0;
            for (int at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + 1, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }

        /// <summary>
        /// One session changing the schema until told to stop (or 100,000 statements): tables that reference each other
        /// and the base tables are created and dropped, columns with defaults added and dropped, indexes and check
        /// constraints created and dropped, tables renamed. Returns how many statements succeeded.
        /// </summary>
        private static async Task<int> Churn(string connectionString, int session, int tables, CancellationToken stop)
        {
            int done = 0;
            var random = new Random(session);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(CancellationToken.None);
            await using (var set = new NpgsqlCommand("SET lock_timeout = '2s'", connection))
            {
                await set.ExecuteNonQueryAsync(CancellationToken.None);
            }

            for (int i = 0; i < 100_000 && !stop.IsCancellationRequested; i++)
            {
                int k = random.Next(tables);
                string child = $"public.churn_{session}_{i}";
                string sql = (i % 6) switch
                {
                    0 => $"CREATE TABLE {child} (id integer PRIMARY KEY, base integer REFERENCES public.base_{k} (id), v integer DEFAULT 7 CHECK (v > 0)); CREATE INDEX ON {child} (base);",
                    1 => $"CREATE TABLE {child} (id integer PRIMARY KEY, up integer REFERENCES public.churn_{session}_{i - 1} (id)); DROP TABLE IF EXISTS public.churn_{session}_{i - 7} CASCADE;",
                    2 => $"ALTER TABLE public.base_{k} ADD COLUMN IF NOT EXISTS extra_{session} integer DEFAULT {i}; ALTER TABLE public.base_{k} ADD CONSTRAINT extra_{session}_{i} CHECK (extra_{session} >= 0);",
                    3 => $"ALTER TABLE public.base_{k} DROP COLUMN IF EXISTS extra_{session} CASCADE; CREATE INDEX IF NOT EXISTS ix_{session}_{k} ON public.base_{k} (v);",
                    4 => $"DROP INDEX IF EXISTS public.ix_{session}_{k}; DROP TABLE IF EXISTS public.churn_{session}_{i - 4} CASCADE;",
                    _ => $"ALTER TABLE IF EXISTS public.churn_{session}_{i - 5} RENAME TO churn_{session}_{i - 5}_r; DROP TABLE IF EXISTS public.churn_{session}_{i - 11}_r CASCADE;",
                };
                try
                {
                    await using var command = new NpgsqlCommand(sql, connection);
                    await command.ExecuteNonQueryAsync(CancellationToken.None);
                    done++;
                }
                catch (PostgresException)
                {
                    // A lock timeout, a deadlock or a table another step dropped: carry on.
                }
            }

            return done;
        }

        /// <summary>What a consistent snapshot cannot hold: a reference to a table or a column that is not in it.</summary>
        private static IEnumerable<string> Inconsistencies(string text)
        {
            var read = SnapshotReader.Read(text);
            if (read.Snapshot == null)
            {
                yield return "unreadable: " + read.Error;
                yield break;
            }

            var tables = read.Snapshot.Tables.ToDictionary(t => SnapshotNames.Key(t.Schema, t.Name));
            foreach (var table in read.Snapshot.Tables)
            {
                var columns = new HashSet<string>(table.Columns.Select(c => c.Name));
                string name = SnapshotNames.Display(table.Schema, table.Name);
                foreach (var key in (table.PrimaryKey == null ? Array.Empty<KeySnapshot>() : new[] { table.PrimaryKey }).Concat(table.UniqueConstraints))
                {
                    foreach (string column in key.Columns.Where(c => !columns.Contains(c)))
                    {
                        yield return $"key {key.Name} of {name} names column {column}, which is not in the table";
                    }
                }

                foreach (var fk in table.ForeignKeys)
                {
                    foreach (string column in fk.Columns.Where(c => !columns.Contains(c)))
                    {
                        yield return $"foreign key {fk.Name} of {name} names column {column}, which is not in the table";
                    }

                    if (!tables.TryGetValue(SnapshotNames.Key(fk.ReferencedSchema, fk.ReferencedTable), out var referenced))
                    {
                        yield return $"foreign key {fk.Name} of {name} references {fk.ReferencedSchema}.{fk.ReferencedTable}, which is not in the snapshot";
                        continue;
                    }

                    var referencedColumns = new HashSet<string>(referenced.Columns.Select(c => c.Name));
                    foreach (string column in fk.ReferencedColumns.Where(c => !referencedColumns.Contains(c)))
                    {
                        yield return $"foreign key {fk.Name} of {name} references column {column}, which is not in {fk.ReferencedTable}";
                    }
                }

                foreach (var index in table.Indexes)
                {
                    foreach (string column in index.Columns.Concat(index.Include).Where(c => !columns.Contains(c)))
                    {
                        yield return $"index {index.Name} of {name} names column {column}, which is not in the table";
                    }
                }
            }
        }

        [Test]
        public async Task A_lock_held_elsewhere_fails_after_the_lock_wait_naming_the_table_and_who_holds_it()
        {
            string database = Database.Create("CREATE TABLE public.orders (id integer PRIMARY KEY, placed date DEFAULT now()); CREATE TABLE public.other (id integer);");
            await using var holder = new NpgsqlConnection(Database.Server.ConnectionString(database));
            await holder.OpenAsync();
            await using var transaction = await holder.BeginTransactionAsync();
            await using (var alter = new NpgsqlCommand("ALTER TABLE public.orders ADD COLUMN note text", holder, transaction))
            {
                await alter.ExecuteNonQueryAsync();
            }

            foreach (string command in new[] { "snapshot", "verify" })
            {
                string[] args = command == "snapshot"
                    ? new[] { "snapshot", "-c", Database.Server.ConnectionString(database), "-o", "-", "--lock-wait-timeout", "300ms" }
                    : new[] { "verify", "-c", Database.Server.ConnectionString(database), Path.Combine(Database.RepositoryRoot, "schema-snapshots", "audit_app.json"), "--lock-wait-timeout", "300ms" };
                var run = Database.DriftAsync(args);
                Assert.That(await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(2))), Is.SameAs(run), "hang guard");
                var result = await run;
                Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
                Assert.That(result.Stdout, Is.Empty);
                Assert.That(
                    result.Stderr,
                    Does.Contain($"drift: error: drift waited 300 ms (--lock-wait-timeout) for ACCESS SHARE locks on table public.orders: process {holder.ProcessID} holds ACCESS EXCLUSIVE on public.orders (idle in transaction, transaction open for ")
                        .And.Contain("nothing was written: run drift again once that transaction ends, or allow a longer wait with --lock-wait-timeout"),
                    result.ToString());
            }

            await transaction.RollbackAsync();
        }

        [Test]
        public async Task A_role_that_may_not_lock_still_fails_with_the_lock_wait_naming_who_holds_it()
        {
            // Without SELECT the role cannot LOCK TABLE: the wait then comes from a deparsing function opening the table.
            string database = Database.Create("CREATE TABLE public.orders (id integer PRIMARY KEY, placed date DEFAULT now());");
            string role = "nolock_" + database;
            Database.Server.Execute(database, $"CREATE ROLE {role} LOGIN PASSWORD 'nolock-pw'; GRANT USAGE ON SCHEMA public TO {role};");
            await using var holder = new NpgsqlConnection(Database.Server.ConnectionString(database));
            await holder.OpenAsync();
            await using var transaction = await holder.BeginTransactionAsync();
            await using (var alter = new NpgsqlCommand("ALTER TABLE public.orders ALTER COLUMN placed SET DEFAULT '2020-01-01'", holder, transaction))
            {
                await alter.ExecuteNonQueryAsync();
            }

            var run = Database.DriftAsync("snapshot", "-c", Database.Server.ConnectionString(database, role, "nolock-pw"), "-o", "-", "--lock-wait-timeout", "300ms");
            Assert.That(await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(2))), Is.SameAs(run), "hang guard");
            var result = await run;
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Stderr, Does.Contain($"drift: error: drift waited 300 ms (--lock-wait-timeout) for ACCESS SHARE locks on table public.orders: process {holder.ProcessID} holds ACCESS EXCLUSIVE on public.orders"), result.ToString());
            await transaction.RollbackAsync();
        }

        [Test]
        public async Task A_refused_second_connection_leaves_the_read_to_the_first()
        {
            // E.g. max_connections reached: the fingerprint is then taken again after the commit, on the first connection.
            string database = Database.Create("CREATE TABLE public.t (id integer PRIMARY KEY);");
            await using var connection = new NpgsqlConnection(Database.Server.ConnectionString(database));
            await connection.OpenAsync();
            var rows = await DriftAnalyzers.Cli.CatalogReader.ReadAsync(
                connection,
                _ => Task.FromException<NpgsqlConnection>(new NpgsqlException("sorry, too many clients already")),
                Array.Empty<string>(),
                TimeSpan.FromSeconds(5),
                null,
                CancellationToken.None);
            Assert.That(rows.Relations.Select(r => r.Name), Is.EqualTo(new[] { "t" }));
        }

        [TestCase("10s", 10_000)]
        [TestCase("500ms", 500)]
        [TestCase("2min", 120_000)]
        [TestCase("1500", 1500)]
        [TestCase("1h", 3_600_000)]
        public void Lock_wait_durations(string text, int milliseconds)
            => Assert.That(DriftAnalyzers.Cli.DriftCli.ParseDuration(text), Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));

        [TestCase("0")]
        [TestCase("-1s")]
        [TestCase("2h")]
        [TestCase("soon")]
        [TestCase("1.5s")]
        public void Bad_lock_wait_durations(string text)
            => Assert.That(DriftAnalyzers.Cli.DriftCli.ParseDuration(text), Is.Null);
    }
}
