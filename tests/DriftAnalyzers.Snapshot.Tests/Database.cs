using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DriftAnalyzers.Cli;
using DriftAnalyzers.TempPostgres;
using NUnit.Framework;

namespace DriftAnalyzers.Snapshot.Tests
{
    /// <summary>One real PostgreSQL server for the whole test run, started from the machine's binaries.</summary>
    [SetUpFixture]
    public sealed class Database
    {
        private static PostgresServer? server;
        private static int counter;

        public static PostgresServer Server => server ?? throw new InvalidOperationException("the PostgreSQL server is not running");

        /// <summary>The repository root (where DriftAnalyzers.sln is).</summary>
        public static string RepositoryRoot
        {
            get
            {
                var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
                while (directory != null && !File.Exists(Path.Combine(directory.FullName, "DriftAnalyzers.sln")))
                {
                    directory = directory.Parent;
                }

                return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
            }
        }

        [OneTimeSetUp]
        public void StartServer() => server = PostgresServer.Start();

        [OneTimeTearDown]
        public void StopServer() => server?.Dispose();

        /// <summary>A fresh database with <paramref name="sql"/> run in it.</summary>
        public static string Create(string sql, string? name = null)
        {
            name ??= "test_" + Interlocked.Increment(ref counter).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Server.CreateDatabase(name, sql);
            return name;
        }

        public static string ReadTestFile(string name) => File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, name));

        /// <summary>Runs the drift CLI in process with an environment of its own (nothing leaks in from the machine's).</summary>
        public static async Task<CliResult> DriftAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int exit = await Program.RunAsync(
                args,
                stdout,
                stderr,
                key => environment != null && environment.TryGetValue(key, out var value) ? value : null,
                CancellationToken.None);
            return new CliResult(exit, stdout.ToString(), stderr.ToString());
        }

        public static Task<CliResult> DriftAsync(params string[] args) => DriftAsync(null, args);

        /// <summary>Takes a snapshot of <paramref name="database"/> to a temporary file and returns its text.</summary>
        public static async Task<string> SnapshotTextAsync(string database, string? user = null, string? password = null, params string[] extra)
        {
            string file = Path.Combine(Path.GetTempPath(), "drift-test-" + Guid.NewGuid().ToString("N") + ".json");
            try
            {
                var args = new List<string> { "snapshot", "--connection", Server.ConnectionString(database, user, password), "--output", file };
                args.AddRange(extra);
                var result = await DriftAsync(args.ToArray());
                Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
                return File.ReadAllText(file);
            }
            finally
            {
                File.Delete(file);
            }
        }
    }

    public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => "exit " + ExitCode + "\nstdout:\n" + Stdout + "\nstderr:\n" + Stderr;
    }
}
