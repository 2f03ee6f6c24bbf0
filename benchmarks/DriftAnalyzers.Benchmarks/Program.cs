using System;
using System.Globalization;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DriftAnalyzers.Benchmarks
{
    /// <summary>
    /// <c>dotnet run -c Release --project benchmarks/DriftAnalyzers.Benchmarks -- snapshot [--tables N] [--runs N] [--write docs/benchmarks.md]</c>,
    /// <c>... -- build [--entities 200,2000] [--loops unchanged,edit,cold] [--runs 3] [--warm-up 3] [--write docs/benchmarks.md]</c>,
    /// <c>... -- analysis [BenchmarkDotNet arguments]</c>, <c>... -- profile N</c>,
    /// <c>... -- generate N DIR</c> (writes the build benchmark's N-entity project to DIR, to build or profile by hand).
    /// </summary>
    internal static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "analysis")
            {
                var summary = BenchmarkDotNet.Running.BenchmarkRunner.Run<AnalysisBenchmark>(args: args.Skip(1).ToArray());
                return summary.HasCriticalValidationErrors ? 1 : 0;
            }

            if (args.Length > 1 && args[0] == "profile")
            {
                Profile.Run(int.Parse(args[1], CultureInfo.InvariantCulture));
                return 0;
            }

            if (args.Length > 2 && args[0] == "generate")
            {
                BuildBenchmark.Generate(args[2], int.Parse(args[1], CultureInfo.InvariantCulture));
                return 0;
            }

            if (args.Length > 0 && args[0] == "build")
            {
                var sizes = new List<int> { 200, 2000 };
                var loops = new List<BuildBenchmark.Loop> { BuildBenchmark.Loop.Unchanged, BuildBenchmark.Loop.Edit, BuildBenchmark.Loop.Cold };
                string loopNames = "unchanged,edit,cold";
                int buildRuns = 3;
                int warmUp = 3;
                string? target = null;
                for (int i = 1; i + 1 < args.Length; i += 2)
                {
                    switch (args[i])
                    {
                        case "--entities": sizes = args[i + 1].Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList(); break;
                        case "--runs": buildRuns = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                        case "--warm-up": warmUp = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                        case "--loops":
                            loopNames = args[i + 1];
                            loops = new List<BuildBenchmark.Loop>();
                            foreach (string name in loopNames.Split(','))
                            {
                                if (!BuildBenchmark.Loops.TryGetValue(name, out var loop))
                                {
                                    Console.Error.WriteLine("unknown loop " + name + " (unchanged, edit, cold)");
                                    return 2;
                                }

                                loops.Add(loop);
                            }

                            break;
                        case "--write": target = args[i + 1]; break;
                        default:
                            Console.Error.WriteLine("unknown option " + args[i]);
                            return 2;
                    }
                }

                string table = BuildBenchmark.Run(sizes, loops, buildRuns, warmUp);
                Console.WriteLine(table);
                if (target != null)
                {
                    ReplaceSection(target, "build", table + Environment.NewLine + "Command: `dotnet run -c Release --project benchmarks/DriftAnalyzers.Benchmarks -- build --entities " + string.Join(",", sizes) + " --loops " + loopNames + " --runs " + buildRuns.ToString(CultureInfo.InvariantCulture) + " --warm-up " + warmUp.ToString(CultureInfo.InvariantCulture) + " --write docs/benchmarks.md`" + Environment.NewLine);
                }

                return 0;
            }

            if (args.Length == 0 || args[0] != "snapshot")
            {
                Console.Error.WriteLine("usage: snapshot [--tables 1000] [--runs 7] [--write docs/benchmarks.md] | build [--entities 200,2000] [--loops unchanged,edit,cold] [--runs 3] [--warm-up 3] [--write docs/benchmarks.md] | analysis | profile N | generate N DIR");
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
