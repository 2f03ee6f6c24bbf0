using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace DriftAnalyzers.TempPostgres
{
    /// <summary>
    /// <c>temp-postgres [--database NAME] [--sql FILE]... -- COMMAND [ARGS...]</c>: starts a throwaway server, creates the
    /// database and runs the scripts in it, runs COMMAND with PGHOST, PGPORT, PGDATABASE, PGUSER and PGPASSWORD set,
    /// stops the server and exits with COMMAND's exit code.
    /// </summary>
    internal static class Program
    {
        public static int Main(string[] args)
        {
            string database = "app";
            var scripts = new List<string>();
            int i = 0;
            for (; i < args.Length && args[i] != "--"; i++)
            {
                switch (args[i])
                {
                    case "--database" when i + 1 < args.Length:
                        database = args[++i];
                        break;
                    case "--sql" when i + 1 < args.Length:
                        scripts.Add(args[++i]);
                        break;
                    default:
                        return Usage("unexpected argument '" + args[i] + "'");
                }
            }

            if (i + 1 >= args.Length)
            {
                return Usage("no command given after '--'");
            }

            using var server = PostgresServer.Start();
            var sql = new System.Text.StringBuilder();
            foreach (string script in scripts)
            {
                sql.AppendLine(File.ReadAllText(script));
            }

            server.CreateDatabase(database, sql.ToString());
            Console.Error.WriteLine("temp-postgres: database " + database + " on " + PostgresServer.Host + ":" + server.Port.ToString(CultureInfo.InvariantCulture));

            var start = new ProcessStartInfo(args[i + 1]) { UseShellExecute = false };
            for (int a = i + 2; a < args.Length; a++)
            {
                start.ArgumentList.Add(args[a]);
            }

            start.Environment["PGHOST"] = PostgresServer.Host;
            start.Environment["PGPORT"] = server.Port.ToString(CultureInfo.InvariantCulture);
            start.Environment["PGDATABASE"] = database;
            start.Environment["PGUSER"] = PostgresServer.SuperUser;
            start.Environment["PGPASSWORD"] = server.Password;
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }

        private static int Usage(string problem)
        {
            Console.Error.WriteLine("temp-postgres: " + problem);
            Console.Error.WriteLine("usage: temp-postgres [--database NAME] [--sql FILE]... -- COMMAND [ARGS...]");
            return 2;
        }
    }
}
