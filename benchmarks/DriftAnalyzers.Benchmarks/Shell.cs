using System;
using System.Diagnostics;
using System.IO;

namespace DriftAnalyzers.Benchmarks
{
    /// <summary>The repository the benchmarks run in, and the commands they run (build, pack, tool install).</summary>
    internal static class Shell
    {
        public static string RepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "DriftAnalyzers.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("run the benchmark from the repository");
        }

        /// <summary>Runs a command to completion in <paramref name="directory"/>; its standard output, or an exception with both outputs.</summary>
        public static string Exec(string directory, string program, params string[] arguments)
        {
            var start = new ProcessStartInfo(program) { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["MSBUILDTERMINALLOGGER"] = "off";
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(program + " " + string.Join(" ", arguments) + " failed:\n" + stdout + stderr.Result);
            }

            return stdout;
        }
    }
}
