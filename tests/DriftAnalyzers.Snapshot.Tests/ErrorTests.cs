using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using DriftAnalyzers.TempPostgres;
using NUnit.Framework;

namespace DriftAnalyzers.Snapshot.Tests
{
    /// <summary>Every failure is one line on stderr, exit code 2, no stack trace (unless --verbose) and no password.</summary>
    public sealed class ErrorTests
    {
        private const string Secret = "Sup3r-Secret-Pa55word";
        private string folder = string.Empty;

        [SetUp]
        public void NewFolder() => folder = Directory.CreateTempSubdirectory("drift-errors-").FullName;

        [TearDown]
        public void DeleteFolder() => Directory.Delete(folder, recursive: true);

        private string Output => Path.Combine(folder, "snapshot.json");

        private static int ClosedPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        private static void AssertOneCleanLine(CliResult result, string expected)
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            var lines = result.Stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)
                .Where(l => !l.StartsWith("drift: reading", StringComparison.Ordinal)).ToArray();
            Assert.That(lines, Has.Length.EqualTo(1), result.ToString());
            Assert.That(lines[0], Is.EqualTo("drift: error: " + expected));
            Assert.That(result.Stdout, Is.Empty);
            Assert.That(result.Stderr + result.Stdout, Does.Not.Contain(Secret));
        }

        private static string Cs(int port, string database = "postgres", string? user = null, string password = Secret)
            => $"Host=127.0.0.1;Port={port.ToString(CultureInfo.InvariantCulture)};Database={database};Username={user ?? PostgresServer.SuperUser};Password={password};Timeout=5";

        [Test]
        public async Task Server_unreachable()
        {
            int port = ClosedPort();
            var result = await Database.DriftAsync("snapshot", "-c", Cs(port), "-o", Output);
            AssertOneCleanLine(result, $"cannot connect to 127.0.0.1:{port}: Connection refused");
        }

        [Test]
        public async Task Authentication_failed_names_the_user_never_the_password()
        {
            var result = await Database.DriftAsync("snapshot", "-c", Cs(Database.Server.Port), "-o", Output);
            AssertOneCleanLine(result, $"authentication failed for user \"postgres\" on 127.0.0.1:{Database.Server.Port}");
        }

        [Test]
        public async Task Authentication_failed_with_a_uri_password_never_shows_it()
        {
            var result = await Database.DriftAsync("snapshot", "-c", $"postgresql://postgres:{Secret}@127.0.0.1:{Database.Server.Port}/postgres", "-o", Output, "--verbose");
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.Contain("authentication failed for user \"postgres\""));
            Assert.That(result.Stderr, Does.Not.Contain(Secret));
        }

        [Test]
        public async Task No_password_given_says_where_one_can_come_from()
        {
            var result = await Database.DriftAsync(
                new Dictionary<string, string> { ["PGPASSFILE"] = Path.Combine(folder, "none") },
                "snapshot", "-c", $"Host=127.0.0.1;Port={Database.Server.Port};Username=postgres", "-o", Output);
            AssertOneCleanLine(result, $"authentication failed for user \"postgres\" on 127.0.0.1:{Database.Server.Port}: the server asks for a password and none was given (--connection, PGPASSWORD or a .pgpass file)");
        }

        [Test]
        public async Task Database_missing()
        {
            var result = await Database.DriftAsync("snapshot", "-c", Cs(Database.Server.Port, "no_such_db", password: Database.Server.Password), "-o", Output);
            AssertOneCleanLine(result, $"database \"no_such_db\" does not exist on 127.0.0.1:{Database.Server.Port}");
        }

        [Test]
        public async Task Permission_denied()
        {
            string database = Database.Create(string.Empty);
            string role = "nobody_" + database;
            Database.Server.Execute(database, $"CREATE ROLE {role} LOGIN PASSWORD '{Secret}'; REVOKE CONNECT ON DATABASE {database} FROM PUBLIC;");
            var result = await Database.DriftAsync("snapshot", "-c", Cs(Database.Server.Port, database, role), "-o", Output);
            AssertOneCleanLine(result, $"permission denied: permission denied for database \"{database}\"");
        }

        /// <summary>As dotnet ef creates Migrations/: the folder is created, once the snapshot is read (a failed run leaves none).</summary>
        [Test]
        public async Task A_missing_output_folder_is_created_and_a_failed_run_leaves_none()
        {
            string missing = Path.Combine(folder, "schema-snapshots", "nested");
            var failed = await Database.DriftAsync("snapshot", "-c", Cs(ClosedPort()), "-o", Path.Combine(missing, "s.json"));
            Assert.That(failed.ExitCode, Is.EqualTo(2), failed.ToString());
            Assert.That(Directory.Exists(Path.Combine(folder, "schema-snapshots")), Is.False);

            string database = Database.Create("CREATE TABLE t (id integer);");
            var result = await Database.DriftAsync("snapshot", "-c", Database.Server.ConnectionString(database), "-o", Path.Combine(missing, "s.json"));
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(File.ReadAllText(Path.Combine(missing, "s.json")), Does.Contain("\"name\": \"t\""));
            Assert.That(result.Stderr, Does.Not.Contain("warning"));
        }

        [Test]
        public async Task An_empty_database_is_written_with_a_warning()
        {
            string database = Database.Create(string.Empty);
            var result = await Database.DriftAsync("snapshot", "-c", Database.Server.ConnectionString(database), "-o", Output);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stderr, Does.Contain("drift: warning: the snapshot holds no table or view: is " + database + " the application's database?"));
            Assert.That(File.Exists(Output), Is.True);
        }

        [Test]
        public async Task Quiet_prints_no_progress_but_warnings()
        {
            string database = Database.Create(string.Empty);
            var result = await Database.DriftAsync("snapshot", "-q", "-c", Database.Server.ConnectionString(database), "-o", Output);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { result.Stderr.Split(Environment.NewLine)[0] }));
            Assert.That(result.Stderr, Does.StartWith("drift: warning: "));
        }

        [TestCase("--conection", "unknown option '--conection'; did you mean '--connection'? (see 'drift snapshot --help')")]
        [TestCase("--exclude-tables", "unknown option '--exclude-tables'; did you mean '--exclude-table'? (see 'drift snapshot --help')")]
        [TestCase("--verbsoe", "unknown option '--verbsoe'; did you mean '--verbose'? (see 'drift snapshot --help')")]
        public async Task A_mistyped_option_is_one_line_with_the_option_meant(string typo, string expected)
        {
            var result = await Database.DriftAsync("snapshot", typo, "Host=db;Password=" + Secret, "-o", Output);
            AssertOneCleanLine(result, expected);
        }

        [Test]
        public async Task A_usage_error_without_a_near_option_is_one_line_that_quotes_no_argument()
        {
            var result = await Database.DriftAsync("snapshot", "--zzzzzzzz", Secret);
            AssertOneCleanLine(result, "Unrecognized command or argument #2 (not shown). (see 'drift snapshot --help')");
        }

        /// <summary>A keyword before the password cannot be the password's tail: it is named, with the keyword meant.</summary>
        [TestCase("Host=127.0.0.1;Prot=5432;Password=" + Secret, "invalid connection string: unknown keyword 'prot'; did you mean 'Port'?")]
        [TestCase("Host=127.0.0.1;SSLMod=Require", "invalid connection string: unknown keyword 'sslmod'; did you mean 'SSL Mode'?")]
        [TestCase("Host=127.0.0.1;Databse=app", "invalid connection string: unknown keyword 'databse'; did you mean 'Database'?")]
        [TestCase("Host=127.0.0.1;Colour=blue", "invalid connection string: unknown keyword 'colour'")]
        [TestCase("Host=127.0.0.1;Password=" + Secret + ";Prot=5432", "invalid connection string: unknown keyword (not shown: it may be a piece of the password; quote a password that holds ';', as in Password='a;b')")]
        public async Task A_mistyped_connection_keyword_names_the_keyword_meant_unless_it_may_be_a_password(string connection, string expected)
        {
            var result = await Database.DriftAsync("snapshot", "-c", connection, "-o", Output);
            AssertOneCleanLine(result, expected);
        }

        [Test]
        public async Task Help_shows_every_command_the_exit_codes_and_examples()
        {
            var result = await Database.DriftAsync("--help");
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stdout, Does.Contain("(snapshot)").And.Contain("(verify)").And.Contain("(report)"));
            Assert.That(result.Stdout, Does.Contain("Exit codes: 0 written / in sync, 1 drift (verify), 2 error"));
            Assert.That(result.Stdout, Does.Contain("Examples:\n  drift snapshot -c ".Replace("\n", Environment.NewLine, StringComparison.Ordinal)));
            var snapshot = await Database.DriftAsync("snapshot", "--help");
            Assert.That(snapshot.Stdout, Does.Contain("  PGHOST=db PGDATABASE=app PGUSER=app_ro drift snapshot -o schema-snapshots/app.json"));
            Assert.That(snapshot.Stdout, Does.Not.Contain("drift verify"));
        }

        [Test]
        public async Task Unknown_schema_is_an_error_not_an_empty_snapshot()
        {
            var result = await Database.DriftAsync("snapshot", "-c", Database.Server.ConnectionString(Database.Create(string.Empty)), "-o", Output, "--schema", "nope");
            Assert.That(result.Stderr, Does.Contain("drift: error: schema \"nope\" does not exist in database"));
            Assert.That(File.Exists(Output), Is.False);
        }

        [Test]
        public async Task Invalid_connection_string_never_echoes_it()
        {
            var result = await Database.DriftAsync("snapshot", "-c", $"Password={Secret};Host", "-o", Output);
            AssertOneCleanLine(result, "invalid connection string: expected Key=Value pairs separated by ';' (e.g. \"Host=localhost;Database=app;Username=app\") or a postgresql:// URI");

            // With a password in the string, an unknown keyword may be the tail of a password with an unquoted ';'.
            var unknownKey = await Database.DriftAsync("snapshot", "-c", $"Password={Secret};Colour=blue", "-o", Output);
            AssertOneCleanLine(unknownKey, "invalid connection string: unknown keyword (not shown: it may be a piece of the password; quote a password that holds ';', as in Password='a;b')");

            var withoutPassword = await Database.DriftAsync("snapshot", "-c", "Host=h;Colour=blue", "-o", Output);
            AssertOneCleanLine(withoutPassword, "invalid connection string: unknown keyword 'colour'");

            var badValue = await Database.DriftAsync("snapshot", "-c", $"Password={Secret};Port={Secret}", "-o", Output);
            AssertOneCleanLine(badValue, "invalid connection string: bad value for 'port'");
        }

        [Test]
        public async Task Usage_errors_exit_2()
        {
            var result = await Database.DriftAsync("snapshot", "-c", "Host=x");
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.Contain("--output"));
        }

        [Test]
        public async Task Verbose_adds_the_stack_trace_still_without_the_password()
        {
            var result = await Database.DriftAsync("snapshot", "-c", Cs(Database.Server.Port), "-o", Output, "--verbose");
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.Contain("   at "));
            Assert.That(result.Stderr, Does.Not.Contain(Secret));
        }

        [Test]
        public async Task A_failed_run_leaves_the_existing_snapshot_untouched_and_no_temporary_file()
        {
            File.WriteAllText(Output, "previous content");
            var result = await Database.DriftAsync("snapshot", "-c", Cs(Database.Server.Port), "-o", Output);
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(File.ReadAllText(Output), Is.EqualTo("previous content"));
            Assert.That(Directory.GetFiles(folder), Is.EqualTo(new[] { Output }));
        }

        [Test]
        public async Task Success_replaces_the_file_and_leaves_no_temporary_file()
        {
            File.WriteAllText(Output, "previous content");
            var result = await Database.DriftAsync("snapshot", "-c", Database.Server.ConnectionString(Database.Create(string.Empty)), "-o", Output);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(File.ReadAllText(Output), Does.StartWith("{\n  \"format\": \"drift-schema-snapshot\""));
            Assert.That(Directory.GetFiles(folder), Is.EqualTo(new[] { Output }));
            Assert.That(result.Stdout, Is.Empty, "stdout stays clean for scripts");
            Assert.That(result.Stderr, Does.Contain("drift: wrote " + Output + ": 0 tables, 0 views, 0 enums, 0 domains"));
        }

        [Test]
        public async Task A_cancelled_run_exits_2_and_leaves_the_existing_snapshot_untouched()
        {
            File.WriteAllText(Output, "previous content");
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            using var cancelled = new System.Threading.CancellationTokenSource();
            await cancelled.CancelAsync();
            int exit = await DriftAnalyzers.Cli.Program.RunAsync(
                new[] { "snapshot", "-c", Database.Server.ConnectionString(Database.Create(string.Empty)), "-o", Output },
                stdout,
                stderr,
                _ => null,
                cancelled.Token);
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(stderr.ToString(), Does.Contain("drift: cancelled"));
            Assert.That(File.ReadAllText(Output), Is.EqualTo("previous content"));
            Assert.That(Directory.GetFiles(folder), Is.EqualTo(new[] { Output }));
        }

        [Test]
        public async Task Verbose_reports_where_the_time_goes()
        {
            var result = await Database.DriftAsync("snapshot", "-c", Database.Server.ConnectionString(Database.Create("CREATE TABLE t (id int);")), "-o", Output, "--verbose");
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stderr, Does.Match(@"drift: connected \(\d+ ms\)"));
            Assert.That(result.Stderr, Does.Match(@"drift: read the catalog: 1 relation, 1 column \(\d+ ms\)"));
        }

        [Test]
        public async Task Output_dash_writes_the_snapshot_to_stdout()
        {
            var result = await Database.DriftAsync("snapshot", "-c", Database.Server.ConnectionString(Database.Create("CREATE TABLE t (id int);")), "-o", "-");
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stdout, Does.StartWith("{\n  \"format\": \"drift-schema-snapshot\""));
        }

        [Test]
        public async Task The_pg_environment_variables_apply_without_connection()
        {
            string database = Database.Create("CREATE TABLE t (id int);");
            var result = await Database.DriftAsync(
                new Dictionary<string, string>
                {
                    ["PGHOST"] = "127.0.0.1",
                    ["PGPORT"] = Database.Server.Port.ToString(CultureInfo.InvariantCulture),
                    ["PGDATABASE"] = database,
                    ["PGUSER"] = PostgresServer.SuperUser,
                    ["PGPASSWORD"] = Database.Server.Password,
                },
                "snapshot", "-o", Output);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            Assert.That(result.Stderr, Does.Contain($"reading the schema of 127.0.0.1:{Database.Server.Port}/{database} as postgres"));
            Assert.That(result.Stderr, Does.Not.Contain(Database.Server.Password));
        }

        [Test]
        public async Task A_pgpass_file_supplies_the_password()
        {
            string database = Database.Create(string.Empty);
            string passfile = Path.Combine(folder, "pgpass");
            File.WriteAllText(passfile, $"127.0.0.1:{Database.Server.Port}:*:postgres:{Database.Server.Password}\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(passfile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            var result = await Database.DriftAsync(
                new Dictionary<string, string> { ["PGPASSFILE"] = passfile },
                "snapshot", "-c", $"Host=127.0.0.1;Port={Database.Server.Port};Database={database};Username=postgres", "-o", Output);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        }
    }
}
