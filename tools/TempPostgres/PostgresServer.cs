using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace DriftAnalyzers.TempPostgres
{
    /// <summary>
    /// A real PostgreSQL server in a temporary folder, on a free loopback port, started with <c>initdb</c> and
    /// <c>pg_ctl</c> from the folder <c>pg_config --bindir</c> names. PostgreSQL refuses to run as root, so as root the
    /// server runs as the <c>postgres</c> user (<c>runuser -u postgres</c>). Password (SCRAM) authentication over TCP.
    /// </summary>
    public sealed class PostgresServer : IDisposable
    {
        public const string SuperUser = "postgres";

        private readonly string root;
        private readonly string dataDirectory;
        private bool disposed;

        private PostgresServer(string binDirectory, string root, int port, string password)
        {
            BinDirectory = binDirectory;
            this.root = root;
            dataDirectory = Path.Combine(root, "data");
            Port = port;
            Password = password;
        }

        public string BinDirectory { get; }

        public const string Host = "127.0.0.1";

        public int Port { get; }

        /// <summary>The superuser's password (random per server).</summary>
        public string Password { get; }

        public static PostgresServer Start()
        {
            string bin = FindBinDirectory();
            string root = Directory.CreateTempSubdirectory("drift-pg-").FullName;
            string password = "pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
            try
            {
                string data = Path.Combine(root, "data");
                string socket = Path.Combine(root, "socket");
                Directory.CreateDirectory(socket);
                string passwordFile = Path.Combine(root, "pwfile");
                File.WriteAllText(passwordFile, password + "\n");
                if (Environment.IsPrivilegedProcess)
                {
                    Run("chown", "-R", "postgres:postgres", root);
                }

                RunAsServerUser(
                    Path.Combine(bin, "initdb"),
                    "-D", data, "-U", SuperUser, "--pwfile=" + passwordFile, "--auth=scram-sha-256",
                    "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions");
                File.Delete(passwordFile);

                // A free port can be taken between probing and binding: try a few.
                for (int attempt = 1; ; attempt++)
                {
                    int port = FreePort();
                    string options = string.Join(
                        " ",
                        "-c listen_addresses=127.0.0.1",
                        "-p " + port.ToString(CultureInfo.InvariantCulture),
                        "-k " + socket,
                        "-c fsync=off -c full_page_writes=off -c synchronous_commit=off",
                        "-c max_connections=50 -c shared_buffers=64MB -c max_locks_per_transaction=256");
                    try
                    {
                        RunAsServerUser(Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o", options, "start");
                        return new PostgresServer(bin, root, port, password);
                    }
                    catch (InvalidOperationException) when (attempt < 3)
                    {
                    }
                }
            }
            catch
            {
                TryDeleteDirectory(root);
                throw;
            }
        }

        /// <summary>A connection string for <paramref name="database"/> as <paramref name="user"/> (default: the superuser).</summary>
        public string ConnectionString(string database = "postgres", string? user = null, string? password = null)
            => new NpgsqlConnectionStringBuilder
            {
                Host = Host,
                Port = Port,
                Database = database,
                Username = user ?? SuperUser,
                Password = password ?? Password,
                Pooling = false,
            }.ConnectionString;

        /// <summary>Creates a database and runs an SQL script in it (as the superuser).</summary>
        public void CreateDatabase(string name, string? sql = null)
        {
            Execute("postgres", "CREATE DATABASE " + QuoteIdentifier(name));
            if (!string.IsNullOrWhiteSpace(sql))
            {
                Execute(name, sql);
            }
        }

        /// <summary>Runs SQL (several statements allowed) in <paramref name="database"/> as the superuser.</summary>
        public void Execute(string database, string sql)
        {
            using var connection = new NpgsqlConnection(ConnectionString(database));
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            command.CommandTimeout = 600;
            command.ExecuteNonQuery();
        }

        public static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

        public void Dispose()
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            try
            {
                RunAsServerUser(Path.Combine(BinDirectory, "pg_ctl"), "-D", dataDirectory, "-m", "immediate", "-w", "stop");
            }
            catch (InvalidOperationException)
            {
                // Already stopped: nothing to do but clean up.
            }

            TryDeleteDirectory(root);
        }

        private static string FindBinDirectory()
        {
            try
            {
                string bin = Run("pg_config", "--bindir").Trim();
                if (File.Exists(Path.Combine(bin, "initdb")))
                {
                    return bin;
                }
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
            }

            // Debian's pg_config may come from libpq-dev and point elsewhere: fall back to the newest server install.
            const string Debian = "/usr/lib/postgresql";
            var candidate = Directory.Exists(Debian)
                ? Directory.GetDirectories(Debian)
                    .Select(d => Path.Combine(d, "bin"))
                    .Where(d => File.Exists(Path.Combine(d, "initdb")))
                    .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out int v) ? v : 0)
                    .FirstOrDefault()
                : null;
            return candidate ?? throw new InvalidOperationException("PostgreSQL server binaries not found: install the postgresql package (initdb and pg_ctl in the folder 'pg_config --bindir' prints)");
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        private static string RunAsServerUser(string program, params string[] arguments)
            => Environment.IsPrivilegedProcess
                ? Run("runuser", new[] { "-u", "postgres", "--", program }.Concat(arguments).ToArray())
                : Run(program, arguments);

        private static string Run(string program, params string[] arguments)
        {
            var start = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(),
            };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(Path.GetFileName(program) + " " + string.Join(" ", arguments) + " failed (" + process.ExitCode.ToString(CultureInfo.InvariantCulture) + "): " + stderr.Result + stdout);
            }

            return stdout;
        }

        private static void TryDeleteDirectory(string path)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
