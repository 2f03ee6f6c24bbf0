using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using DriftAnalyzers.TempPostgres;
using NUnit.Framework;

namespace DriftAnalyzers.Snapshot.Tests
{
    /// <summary>
    /// No piece of a password is ever printed: every way of giving one (connection string, URI, percent-encoded or
    /// not, PG* variables, a pgpass file) × every error path of <c>snapshot</c> and <c>verify</c> × with and without
    /// <c>--verbose</c>. A "piece" is any 5 characters in a row of the password, looked for in stdout, stderr and the
    /// files written.
    /// </summary>
    [NonParallelizable]
    public sealed class SecretsTests
    {
        /// <summary>Every character that URIs, connection strings and pgpass files treat specially, between unique runs.</summary>
        private const string Password = "Kq7zXw/Rt93Lp?Vb2Mn@Hs8Jd:Ty4Wc#Pe6Gf%Ua1Zo&Li5Nq=Ex3Dm;Fi9Cv'Go\"Bu Ha4Yk\\Wm2Rj,Sd8Tn";

        /// <summary>A password a URI can hold unencoded (no '/' and no '%'), with '@', ':', '?', '#', '&amp;', '=' in it.</summary>
        private const string RawPassword = "Zp4Qw:Lm8Ks?Tb3Nv@Yc7Rd#Xe2Hg&Fu6Jw=Ob1Ia;Ve5Mp Ck9Ds";

        private const string Role = "secret_role";
        private const string RawRole = "secret_raw_role";

        private static string folder = string.Empty;
        private static string database = string.Empty;
        private static string deniedDatabase = string.Empty;
        private static string inSync = string.Empty;
        private static string drifted = string.Empty;
        private static string broken = string.Empty;
        private static int closedPort;

        [OneTimeSetUp]
        public static async Task SetUp()
        {
            folder = Directory.CreateTempSubdirectory("drift-secrets-").FullName;
            database = Database.Create("CREATE TABLE public.t (id integer PRIMARY KEY); CREATE TABLE public.u (id integer REFERENCES public.t (id));");
            deniedDatabase = Database.Create(string.Empty);
            Database.Server.Execute(database, $@"
                DROP ROLE IF EXISTS {Role}; DROP ROLE IF EXISTS {RawRole};
                CREATE ROLE {Role} LOGIN PASSWORD {Literal(Password)};
                CREATE ROLE {RawRole} LOGIN PASSWORD {Literal(RawPassword)};
                REVOKE CONNECT ON DATABASE {deniedDatabase} FROM PUBLIC;
                GRANT SELECT ON ALL TABLES IN SCHEMA public TO {Role}, {RawRole};");
            string text = await Database.SnapshotTextAsync(database);
            inSync = Path.Combine(folder, "in-sync.json");
            File.WriteAllText(inSync, text);
            drifted = Path.Combine(folder, "drifted.json");
            File.WriteAllText(drifted, text.Replace("\"name\": \"u\"", "\"name\": \"renamed\"", StringComparison.Ordinal));
            broken = Path.Combine(folder, "broken.json");
            File.WriteAllText(broken, "{\n  \"format\": \"drift-schema-snapshot\",,\n}\n");
            closedPort = ClosedPort();
        }

        [OneTimeTearDown]
        public static void TearDown()
        {
            Directory.Delete(folder, recursive: true);
            Database.Server.Execute("postgres", $"DROP DATABASE IF EXISTS {deniedDatabase}; DROP DATABASE IF EXISTS {database}; DROP ROLE IF EXISTS {Role}; DROP ROLE IF EXISTS {RawRole};");
        }

        private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

        private static int ClosedPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        /// <summary>Where to connect and what to do: the error paths.</summary>
        public sealed record Path_(string Name, int ExpectedExit, Func<Endpoint> Endpoint, Func<string, string[]> Arguments);

        public sealed record Endpoint(int Port, string Database, string? User);

        /// <summary>How the password is given: a connection argument (or none) and environment variables.</summary>
        public sealed record Form(string Name, string Secret, bool Malformed, Func<Endpoint, string, (string? Connection, Dictionary<string, string> Environment, string[] Extra)> Make);

        private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

        private static string ConnectionString(Endpoint e, string? password, string? user = null)
        {
            var b = new DbConnectionStringBuilder
            {
                ["Host"] = PostgresServer.Host,
                ["Port"] = Port(e.Port),
                ["Database"] = e.Database,
                ["Username"] = user ?? e.User ?? Role,
                ["Timeout"] = "5",
            };
            if (password != null)
            {
                b["Password"] = password;
            }

            return b.ConnectionString;
        }

        private static string Encode(string value) => Uri.EscapeDataString(value);

        private static string PgPassEscape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(":", "\\:", StringComparison.Ordinal);

        private static Dictionary<string, string> Env(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

        private static readonly Form[] Forms =
        {
            new("connection string", Password, false, (e, f) => (ConnectionString(e, Password), Env(), Array.Empty<string>())),
            new("URI, percent-encoded", Password, false, (e, f) => ($"postgresql://{e.User ?? Role}:{Encode(Password)}@127.0.0.1:{Port(e.Port)}/{e.Database}?connect_timeout=5", Env(), Array.Empty<string>())),
            new("URI, password parameter", Password, false, (e, f) => ($"postgres://{e.User ?? Role}@127.0.0.1:{Port(e.Port)}/{e.Database}?password={Encode(Password)}&connect_timeout=5", Env(), Array.Empty<string>())),
            new("URI, unencoded '@', ':', '?', '#', '&', '='", RawPassword, false, (e, f) => ($"postgresql://{e.User ?? RawRole}:{RawPassword}@127.0.0.1:{Port(e.Port)}/{e.Database}", Env(), Array.Empty<string>())),
            new("PGPASSWORD", Password, false, (e, f) => (ConnectionString(e, null), Env(("PGPASSWORD", Password)), Array.Empty<string>())),
            new("PG* variables alone", Password, false, (e, f) => (null, Env(("PGHOST", PostgresServer.Host), ("PGPORT", Port(e.Port)), ("PGDATABASE", e.Database), ("PGUSER", e.User ?? Role), ("PGPASSWORD", Password)), Array.Empty<string>())),
            new("pgpass file", Password, false, (e, f) =>
            {
                string passfile = Path.Combine(f, "pgpass");
                File.WriteAllText(passfile, "# comment\n*:*:*:" + (e.User ?? Role) + ":" + PgPassEscape(Password) + "\n");
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(passfile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                return (ConnectionString(e, null), Env(("PGPASSFILE", passfile)), Array.Empty<string>());
            }),

            // Forms that cannot be read as meant: each must fail without quoting any part of the password.
            new("URI, unencoded '/' in the password (user:pass/tail@host)", Password, true, (e, f) => ($"postgresql://{Role}:{Password}@127.0.0.1:{Port(e.Port)}/{e.Database}", Env(), Array.Empty<string>())),
            new("URI, 'user:password/db' without a host", "Kq7zXwRt93Lp", true, (e, f) => ("postgresql://app:Kq7zXwRt93Lp/db", Env(), Array.Empty<string>())),
            new("URI, lone '%' in the password", "Kq7zXw%Rt93Lp", true, (e, f) => ($"postgresql://{Role}:Kq7zXw%Rt93Lp@127.0.0.1:{Port(e.Port)}/{e.Database}", Env(), Array.Empty<string>())),
            new("URI, unencoded '&' in the password parameter", "Kq7zXw&Rt93Lp=Vb2Mn", true, (e, f) => ($"postgresql://{Role}@127.0.0.1:{Port(e.Port)}/{e.Database}?password=Kq7zXw&Rt93Lp=Vb2Mn", Env(), Array.Empty<string>())),
            new("URI, '@' before and after a '?' in the password", "Kq7zXw@Rt93Lp?Vb2Mn", true, (e, f) => ($"postgresql://{Role}:Kq7zXw@Rt93Lp?Vb2Mn@127.0.0.1", Env(), Array.Empty<string>())),
            new("URI, bad sslmode after a password", Password, true, (e, f) => ($"postgresql://{Role}:{Encode(Password)}@127.0.0.1/db?sslmode=Kq7zXwRt93Lp", Env(), Array.Empty<string>())),
            new("URI, bad port after a password", Password, true, (e, f) => ($"postgresql://{Role}:{Encode(Password)}@127.0.0.1:Kq7zXw/db", Env(), Array.Empty<string>())),
            new("URI, unterminated IPv6 after a password", Password, true, (e, f) => ($"postgresql://{Role}:{Encode(Password)}@[::1/db", Env(), Array.Empty<string>())),
            new("connection string, unquoted ';' in the password", "Kq7zXw;Rt93Lp=Vb2Mn", true, (e, f) => ($"Host=127.0.0.1;Password=Kq7zXw;Rt93Lp=Vb2Mn;Port={Port(e.Port)}", Env(), Array.Empty<string>())),
            new("connection string, unquoted ';' without '='", "Kq7zXw;Rt93Lp", true, (e, f) => ($"Host=127.0.0.1;Password=Kq7zXw;Rt93Lp;Port={Port(e.Port)}", Env(), Array.Empty<string>())),
            new("connection string, bad port after a password", Password, true, (e, f) => ($"Password={Password.Replace(";", string.Empty, StringComparison.Ordinal).Replace("'", string.Empty, StringComparison.Ordinal).Replace("\"", string.Empty, StringComparison.Ordinal)};Port=Kq7zXw", Env(), Array.Empty<string>())),
            new("connection string split by the shell at a space", "Kq7zXw Rt93Lp", true, (e, f) => ($"Host=127.0.0.1;Port={Port(e.Port)};Password=Kq7zXw", Env(), new[] { "Rt93Lp" })),
        };

        private static string Output(string name) => Path.Combine(folder, name);

        private static readonly Path_[] Paths =
        {
            new("server unreachable", 2, () => new Endpoint(closedPort, database, null), f => new[] { "snapshot", "-o", Output("s.json") }),
            new("wrong password", 2, () => new Endpoint(Database.Server.Port, database, PostgresServer.SuperUser), f => new[] { "snapshot", "-o", Output("s.json") }),
            new("database missing", 2, () => new Endpoint(Database.Server.Port, "no_such_db", null), f => new[] { "snapshot", "-o", Output("s.json") }),
            new("permission denied", 2, () => new Endpoint(Database.Server.Port, deniedDatabase, null), f => new[] { "snapshot", "-o", Output("s.json") }),
            new("schema missing", 2, () => new Endpoint(Database.Server.Port, database, null), f => new[] { "snapshot", "-o", Output("s.json"), "--schema", "nope" }),
            new("output folder cannot be created", 2, () => new Endpoint(Database.Server.Port, database, null), f =>
            {
                File.WriteAllText(Path.Combine(folder, "a-file"), string.Empty);
                return new[] { "snapshot", "-o", Path.Combine(folder, "a-file", "such", "s.json") };
            }),
            new("output is a folder", 2, () => new Endpoint(Database.Server.Port, database, null), f => new[] { "snapshot", "-o", folder }),
            new("usage error", 2, () => new Endpoint(Database.Server.Port, database, null), f => new[] { "snapshot", "-o", Output("s.json"), "--no-such-option" }),
            new("snapshot written", 0, () => new Endpoint(Database.Server.Port, database, null), f => new[] { "snapshot", "-o", Output("s.json") }),
            new("snapshot to stdout", 0, () => new Endpoint(Database.Server.Port, database, null), f => new[] { "snapshot", "-o", "-" }),
            new("verify in sync", 0, () => new Endpoint(Database.Server.Port, database, null), f => new[] { "verify", inSync }),
            new("verify drift", 1, () => new Endpoint(Database.Server.Port, database, null), f => new[] { "verify", drifted }),
            new("verify broken snapshot", 2, () => new Endpoint(Database.Server.Port, database, null), f => new[] { "verify", broken }),
            new("verify missing snapshot", 2, () => new Endpoint(Database.Server.Port, database, null), f => new[] { "verify", Output("none.json") }),
            new(LockWaitPath, 2, () => new Endpoint(Database.Server.Port, database, null), f => new[] { "snapshot", "-o", Output("s.json"), "--lock-wait-timeout", "200ms" }),
            new("bad lock wait", 2, () => new Endpoint(Database.Server.Port, database, null), f => new[] { "verify", inSync, "--lock-wait-timeout", "soon" }),
        };

        /// <summary>Another session holds ACCESS EXCLUSIVE on a table of the database while drift runs.</summary>
        private const string LockWaitPath = "lock wait runs out";

        public static IEnumerable<TestCaseData> Cases()
        {
            foreach (var form in Forms)
            {
                foreach (var path in form.Malformed ? Paths.Where(p => p.Name is "snapshot written" or "verify in sync") : Paths)
                {
                    foreach (bool verbose in new[] { false, true })
                    {
                        yield return new TestCaseData(form.Name, path.Name, verbose).SetName($"No_piece_of_the_password({form.Name} × {path.Name}{(verbose ? " × --verbose" : string.Empty)})");
                    }
                }
            }
        }

        /// <summary>The matrix's size, for the record: how many runs the matrix makes.</summary>
        [Test]
        public void The_matrix_covers_every_form_and_every_path()
            => Assert.That(Cases().Count(), Is.EqualTo((Forms.Count(f => !f.Malformed) * Paths.Length * 2) + (Forms.Count(f => f.Malformed) * 2 * 2)));

        [TestCaseSource(nameof(Cases))]
        public async Task No_piece_of_the_password(string formName, string pathName, bool verbose)
        {
            var form = Forms.Single(f => f.Name == formName);
            var path = Paths.Single(p => p.Name == pathName);
            string work = Directory.CreateTempSubdirectory("drift-secret-case-").FullName;
            try
            {
                var endpoint = path.Endpoint();
                var (connection, environment, extra) = form.Make(endpoint, work);
                var args = new List<string>(path.Arguments(work));
                if (connection != null)
                {
                    args.Insert(1, "--connection");
                    args.Insert(2, connection);
                }

                args.AddRange(extra);
                if (verbose)
                {
                    args.Add("--verbose");
                }

                foreach (var stale in Directory.GetFiles(folder, "s.json"))
                {
                    File.Delete(stale);
                }

                await using var holder = new Npgsql.NpgsqlConnection(Database.Server.ConnectionString(database));
                if (path.Name == LockWaitPath)
                {
                    await holder.OpenAsync();
                    await using var hold = new Npgsql.NpgsqlCommand("BEGIN; LOCK TABLE public.u IN ACCESS EXCLUSIVE MODE;", holder);
                    await hold.ExecuteNonQueryAsync();
                }

                var result = await Database.DriftAsync(environment, args.ToArray());
                var written = new StringBuilder();
                foreach (string file in Directory.GetFiles(folder).Concat(Directory.GetFiles(work)).Where(f => !f.EndsWith("pgpass", StringComparison.Ordinal)))
                {
                    written.Append(File.ReadAllText(file));
                }

                string printed = result.Stdout + "\n" + result.Stderr;
                Assert.Multiple(() =>
                {
                    Assert.That(result.ExitCode, Is.EqualTo(form.Malformed ? 2 : path.ExpectedExit), result.ToString());
                    Assert.That(Pieces(form.Secret).Where(piece => printed.Contains(piece, StringComparison.Ordinal)), Is.Empty, "printed:\n" + printed);
                    Assert.That(Pieces(form.Secret).Where(piece => written.ToString().Contains(piece, StringComparison.Ordinal)), Is.Empty, "in a file written");
                    if (result.ExitCode == 2 && !verbose)
                    {
                        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("drift: reading", StringComparison.Ordinal) && !l.StartsWith("Run 'drift --help'", StringComparison.Ordinal)).ToArray();
                        Assert.That(lines, Has.Length.EqualTo(1), "one line on stderr:\n" + result.Stderr);
                    }
                });
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        /// <summary>Every 5 characters in a row of the secret.</summary>
        private static IEnumerable<string> Pieces(string secret)
        {
            for (int i = 0; i + 5 <= secret.Length; i++)
            {
                yield return secret.Substring(i, 5);
            }
        }
    }
}
