using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace DriftAnalyzers.Benchmarks
{
    /// <summary>
    /// dotnet build of a generated N-entity project with and without the analyzers (alternating, median of N runs, the
    /// compiler server warm, as in daily use), and the analyzers' own time from -p:ReportAnalyzer=true.
    /// </summary>
    internal static class BuildBenchmark
    {
        /// <summary>What happens between builds (see <see cref="Loops"/>).</summary>
        public enum Loop
        {
            /// <summary>Nothing: the same sources are built again with the compiler server warm.</summary>
            Unchanged,

            /// <summary>One entity file's code changes before every build (the edit, build, edit loop), the compiler server warm.</summary>
            Edit,

            /// <summary>No compiler server: every build is a new compiler process, as in a CI job's one build.</summary>
            Cold,
        }

        /// <summary>The loops by their command-line names.</summary>
        public static readonly IReadOnlyDictionary<string, Loop> Loops = new Dictionary<string, Loop>(StringComparer.Ordinal)
        {
            ["unchanged"] = Loop.Unchanged,
            ["edit"] = Loop.Edit,
            ["cold"] = Loop.Cold,
        };

        public static string Run(IReadOnlyList<int> sizes, IReadOnlyList<Loop> loops, int runs, int warmUp)
        {
            string root = Shell.RepositoryRoot();
            Shell.Exec(root, "dotnet", "build", "src/CodeFixes/DriftAnalyzers.CodeFixes.csproj", "-c", "Release", "-nologo", "-v", "q");

            // A compiler server started before the analyzers were rebuilt holds the old DLL and refuses the new one: every
            // build with the analyzers would then fall back to an in-process compiler (seconds of start-up, not analysis).
            Shell.Exec(root, "dotnet", "build-server", "shutdown");
            var (analyzers, fixes) = ReleaseAssemblies(root);

            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"{runs} pairs of `dotnet build --no-incremental --no-restore` runs of a generated project (15 properties, 2 navigations and a collection per entity, a configuration class per ten entities, snake_case, one drifting entity in fifty), one build without DriftAnalyzers and one with, back to back, the order swapped every other pair (so that neither build always follows the other), after {warmUp} warm-up pairs. Three loops: *unchanged*, the same sources built again with the compiler server warm; *after an edit*, one entity file's code changed before every build (the edit, build, edit loop of daily use), the compiler server warm; *cold*, no compiler server (`-p:UseSharedCompilation=false`): every build is a new compiler process that loads the analyzers and reads every file, as a CI job's one build does. A pair's overhead is its with-build over its without-build; the table gives the median of the pairs, the 90% interval of that median (a bootstrap of the pairs, 10,000 resamples, fixed seed), the middle half and the whole range of the pairs. On this 2-core machine a single pair moves by ten percent either way: the interval says how far the median can be trusted. Compiler server CPU: the CPU time the VBCSCompiler process spent per build, paired the same way (n/a without a server); the scheduling noise of wall time does not blur it, but a full garbage collection that falls in one build does. Also the medians of the builds' wall times and DriftAnalyzers' own time as `-p:ReportAnalyzer=true` sums it (per action, waits for the shared model included).");
            report.AppendLine();
            report.AppendLine("| entities | build | without DriftAnalyzers | with | pairs: median [90% interval] (middle half; all) | compiler server CPU: without / with, pairs median [90% interval] | DriftAnalyzers' own time (ReportAnalyzer) | diagnostics |");
            report.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (int n in sizes)
            {
                string work = Directory.CreateTempSubdirectory("drift-build-bench-").FullName;
                try
                {
                    Write(work, n, analyzers, fixes);
                    Shell.Exec(work, "dotnet", "restore", "-nologo", "-v", "q");
                    foreach (var loop in loops)
                    {
                        report.AppendLine(Pairs(work, n, loop, runs, warmUp));
                    }
                }
                finally
                {
                    Directory.Delete(work, recursive: true);
                }
            }

            return report.ToString();
        }

        /// <summary>The table row of one size and loop: warm-up pairs, then <paramref name="runs"/> timed pairs.</summary>
        private static string Pairs(string work, int n, Loop loop, int runs, int warmUp)
        {
            // Cold: no server may hold the analyzers or the compiler JIT-compiled from an earlier loop.
            if (loop == Loop.Cold)
            {
                Shell.Exec(work, "dotnet", "build-server", "shutdown");
            }

            int edits = 0;
            (double Seconds, double? ServerCpu, string Output) Next(bool withDrift)
            {
                if (loop == Loop.Edit)
                {
                    EditOneEntity(work, ++edits);
                }

                return Build(work, withDrift, loop == Loop.Cold);
            }

            // The compiler server's JIT tiers up over its first builds (about 10 s, 8 s, 6 s, 4 s at 2,000 entities).
            for (int warm = 0; warm < warmUp; warm++)
            {
                Next(withDrift: true);
                Next(withDrift: false);
            }

            var without = new List<double>();
            var with = new List<double>();
            var pairs = new List<double>();
            var cpuWithout = new List<double>();
            var cpuWith = new List<double>();
            var cpuPairs = new List<double>();
            string lastOutput = string.Empty;
            for (int r = 0; r < runs; r++)
            {
                bool withFirst = r % 2 == 1;
                var first = Next(withDrift: withFirst);
                var second = Next(withDrift: !withFirst);
                var (plain, run) = withFirst ? (second, first) : (first, second);
                without.Add(plain.Seconds);
                with.Add(run.Seconds);
                pairs.Add(Percent(run.Seconds, plain.Seconds));
                if (plain.ServerCpu is { } c0 && run.ServerCpu is { } c1)
                {
                    cpuWithout.Add(c0);
                    cpuWith.Add(c1);
                    cpuPairs.Add(Percent(c1, c0));
                }

                lastOutput = run.Output;
                if (run.Output.Contains("AD0001", StringComparison.Ordinal))
                {
                    // An analyzer that throws is not measured: its time would be the exception's, not the analysis'.
                    throw new InvalidOperationException("an analyzer threw (AD0001) in the " + n + "-entity build:\n" + run.Output);
                }
            }

            var timed = Shell.Exec(work, "dotnet", "build", "--no-incremental", "--no-restore", "-nologo", "-p:WithDrift=true", "-p:UseSharedCompilation=" + (loop != Loop.Cold ? "true" : "false"), "-p:ReportAnalyzer=true", "-v", "d");
            string own = timed.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("DriftAnalyzers, Version", StringComparison.Ordinal)) ?? "n/a";
            string ownSeconds = own.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "n/a";
            int diagnostics = lastOutput.Split('\n').Where(l => l.Contains(": warning DRIFT", StringComparison.Ordinal)).Distinct().Count();
            var sorted = pairs.OrderBy(p => p).ToList();
            string spread = $"{MedianWithInterval(pairs)} ({sorted[sorted.Count / 4]:+0;-0;0}% – {sorted[sorted.Count * 3 / 4]:+0;-0;0}%; {sorted[0]:+0;-0;0}% – {sorted[^1]:+0;-0;0}%)";
            string cpu = cpuPairs.Count == runs ? $"{Median(cpuWithout):F2} s / {Median(cpuWith):F2} s, {MedianWithInterval(cpuPairs)}" : "n/a";
            string name = loop switch { Loop.Edit => "after an edit", Loop.Cold => "cold", _ => "unchanged" };
            Console.Error.WriteLine($"bench: {n} entities, {name}: pairs {string.Join(", ", pairs.Select(p => p.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture)))}%; CPU pairs {string.Join(", ", cpuPairs.Select(p => p.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture)))}%; analyzer line: {own}");
            return string.Create(CultureInfo.InvariantCulture, $"| {n} | {name} | {Median(without):F2} s | {Median(with):F2} s | {spread} | {cpu} | {ownSeconds} s | {diagnostics} |");
        }

        /// <summary>
        /// Changes the code of one entity file (the initializer of its Code property), as a developer does between builds:
        /// the file's content is new, the model and the findings stay the same.
        /// </summary>
        private static void EditOneEntity(string work, int edit)
        {
            string file = Path.Combine(work, "src", "Entities", ProjectGenerator.Entity(2) + ".cs");
            string text = File.ReadAllText(file);
            const string Marker = "public string Code { get; set; } = \"";
            int found = text.IndexOf(Marker, StringComparison.Ordinal);
            if (found < 0)
            {
                throw new InvalidOperationException(file + " has no `" + Marker + "` to edit: the generator and the edit disagree");
            }

            int at = found + Marker.Length;
            int end = text.IndexOf('"', at);
            File.WriteAllText(file, string.Concat(text.AsSpan(0, at), "edit" + edit.ToString(CultureInfo.InvariantCulture), text.AsSpan(end)));
        }

        private static double Percent(double with, double without) => (with / without - 1) * 100;

        /// <summary>The median of the pairs and its 90% bootstrap interval (10,000 resamples, fixed seed: the same pairs give the same text).</summary>
        private static string MedianWithInterval(List<double> pairs)
        {
            var random = new Random(20261125);
            var medians = new double[10_000];
            var sample = new List<double>(pairs.Count);
            for (int i = 0; i < medians.Length; i++)
            {
                sample.Clear();
                for (int j = 0; j < pairs.Count; j++)
                {
                    sample.Add(pairs[random.Next(pairs.Count)]);
                }

                medians[i] = Median(sample);
            }

            Array.Sort(medians);
            return string.Format(CultureInfo.InvariantCulture, "{0:+0.0;-0.0;0.0}% [{1:+0.0;-0.0;0.0}% … {2:+0.0;-0.0;0.0}%]", Median(pairs), medians[medians.Length / 20], medians[medians.Length - 1 - (medians.Length / 20)]);
        }

        /// <summary>Writes the N-entity project to <paramref name="directory"/>; <c>-p:WithDrift=true</c> adds the Release analyzers.</summary>
        public static void Generate(string directory, int n)
        {
            var (analyzers, fixes) = ReleaseAssemblies(Shell.RepositoryRoot());
            Directory.CreateDirectory(directory);
            Write(Path.GetFullPath(directory), n, analyzers, fixes);
        }

        private static (string Analyzers, string Fixes) ReleaseAssemblies(string root) => (
            Path.Combine(root, "src", "Analyzers", "bin", "Release", "netstandard2.0", "DriftAnalyzers.dll"),
            Path.Combine(root, "src", "CodeFixes", "bin", "Release", "netstandard2.0", "DriftAnalyzers.CodeFixes.dll"));

        private static void Write(string work, int n, string analyzers, string fixes)
        {
            File.WriteAllText(Path.Combine(work, "Bench.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <EnableNETAnalyzers>false</EnableNETAnalyzers>
                    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                    <UseSharedCompilation>true</UseSharedCompilation>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Npgsql.EntityFrameworkCore.PostgreSQL" Version="10.0.0" />
                    <PackageReference Include="EFCore.NamingConventions" Version="10.0.1" />
                  </ItemGroup>
                  <ItemGroup Condition="'$(WithDrift)' == 'true'">
                    <Analyzer Include="{analyzers}" />
                    <Analyzer Include="{fixes}" />
                    <AdditionalFiles Include="schema-snapshots/bench.json" />
                  </ItemGroup>
                </Project>
                """);
            Directory.CreateDirectory(Path.Combine(work, "schema-snapshots"));
            File.WriteAllText(Path.Combine(work, "schema-snapshots", "bench.json"), ProjectGenerator.Snapshot(n));
            foreach (var (path, text) in ProjectGenerator.Sources(n))
            {
                string file = Path.Combine(work, path.TrimStart('/'));
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, text);
            }
        }

        /// <summary>One build: wall time, the CPU time the compiler server spent on it (where it can be read; none when <paramref name="cold"/>: no server), the output.</summary>
        private static (double Seconds, double? ServerCpu, string Output) Build(string work, bool withDrift, bool cold)
        {
            var server = cold ? null : CompilerServer();
            var before = server?.TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            string output = Shell.Exec(work, "dotnet", "build", "--no-incremental", "--no-restore", "-nologo", "-p:WithDrift=" + (withDrift ? "true" : "false"), "-p:UseSharedCompilation=" + (cold ? "false" : "true"));
            double seconds = stopwatch.Elapsed.TotalSeconds;
            double? cpu = null;
            if (server != null && before != null && !server.HasExited)
            {
                server.Refresh();
                cpu = (server.TotalProcessorTime - before.Value).TotalSeconds;
            }

            return (seconds, cpu, output);
        }

        /// <summary>The running compiler server (VBCSCompiler), found through /proc on Linux; null elsewhere or when none runs.</summary>
        private static Process? CompilerServer()
        {
            if (!OperatingSystem.IsLinux())
            {
                return null;
            }

            foreach (string directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                {
                    continue;
                }

                try
                {
                    if (File.ReadAllText(Path.Combine(directory, "cmdline")).Contains("/VBCSCompiler", StringComparison.Ordinal))
                    {
                        return Process.GetProcessById(pid);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
                {
                    // The process ended while we looked.
                }
            }

            return null;
        }

        internal static double Median(List<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }
}
