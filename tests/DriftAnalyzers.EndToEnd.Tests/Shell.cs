using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using NUnit.Framework;

namespace DriftAnalyzers.EndToEnd.Tests
{
    internal sealed record ProcessResult(int ExitCode, string Output)
    {
        public override string ToString() => "exit " + ExitCode + "\n" + Output;
    }

    internal static class Shell
    {
        public static string RepositoryRoot { get; } = FindRoot();

        /// <summary>Runs a command to completion (bounded), stdout and stderr together.</summary>
        public static ProcessResult Run(string directory, string program, params string[] arguments)
            => Run(directory, new Dictionary<string, string>(), program, arguments);

        /// <summary>As <see cref="Run(string, string, string[])"/>, with <paramref name="environment"/> added to the process's environment.</summary>
        public static ProcessResult Run(string directory, IReadOnlyDictionary<string, string> environment, string program, params string[] arguments)
        {
            var start = new ProcessStartInfo(program)
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            // A build inside a test must not inherit the test host's MSBuild or terminal settings.
            start.Environment.Remove("MSBuildSDKsPath");
            start.Environment.Remove("MSBUILD_EXE_PATH");
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["MSBUILDTERMINALLOGGER"] = "off";
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            var output = new StringBuilder();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail(program + " " + string.Join(" ", arguments) + " did not finish in 5 minutes:\n" + output);
            }

            process.WaitForExit();
            return new ProcessResult(process.ExitCode, output.ToString());
        }

        private static string FindRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "DriftAnalyzers.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("repository root not found");
        }
    }
}
