using System;
using System.Globalization;
using System.IO;

namespace DriftAnalyzers.Benchmarks
{
    /// <summary>
    /// <c>dotnet run -c Release --project benchmarks/DriftAnalyzers.Benchmarks -- snapshot [--tables N] [--runs N] [--write docs/benchmarks.md]</c>
    /// </summary>
    internal static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length == 0 || args[0] != "snapshot")
            {
                Console.Error.WriteLine("usage: snapshot [--tables 1000] [--runs 7] [--write docs/benchmarks.md]");
                return 2;
            }

            int tables = 1000;
            int runs = 7;
            string? write = null;
            for (int i = 1; i + 1 < args.Length; i += 2)
            {
                switch (args[i])
                {
                    case "--tables": tables = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                    case "--runs": runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                    case "--write": write = args[i + 1]; break;
                    default:
                        Console.Error.WriteLine("unknown option " + args[i]);
                        return 2;
                }
            }

            string report = SnapshotBenchmark.Run(tables, runs);
            Console.WriteLine(report);
            if (write != null)
            {
                ReplaceSection(write, "snapshot", report + Environment.NewLine + "Command: `dotnet run -c Release --project benchmarks/DriftAnalyzers.Benchmarks -- snapshot --tables " + tables.ToString(CultureInfo.InvariantCulture) + " --runs " + runs.ToString(CultureInfo.InvariantCulture) + " --write docs/benchmarks.md`" + Environment.NewLine);
            }

            return 0;
        }

        /// <summary>Replaces the text between <c>&lt;!-- name:start --&gt;</c> and <c>&lt;!-- name:end --&gt;</c>.</summary>
        private static void ReplaceSection(string path, string name, string content)
        {
            string start = "<!-- " + name + ":start -->";
            string end = "<!-- " + name + ":end -->";
            string text = File.ReadAllText(path);
            int from = text.IndexOf(start, StringComparison.Ordinal);
            int to = text.IndexOf(end, StringComparison.Ordinal);
            if (from < 0 || to < from)
            {
                throw new InvalidOperationException(path + " has no " + start + " ... " + end + " section");
            }

            File.WriteAllText(path, string.Concat(text.AsSpan(0, from + start.Length), "\n" + content.Replace("\r\n", "\n", StringComparison.Ordinal), text.AsSpan(to)));
        }
    }
}
