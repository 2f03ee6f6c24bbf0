using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using DriftAnalyzers.TempPostgres;
using NUnit.Framework;

namespace DriftAnalyzers.EndToEnd.Tests
{
    /// <summary>
    /// The `drift` tool as a user installs it from source on a fresh machine: a copy of the working tree without
    /// build output and an empty NuGet cache (a cache that already holds the crossgen package hides NETSDK1094), a plain
    /// <c>dotnet pack</c> of the CLI, <c>dotnet tool install</c> from that folder, and the installed command against a
    /// real database.
    /// </summary>
    [NonParallelizable]
    public sealed class ToolTests
    {
        [Test]
        public void The_packed_tool_installs_and_its_snapshot_of_the_sample_database_is_the_committed_file()
        {
            string work = Directory.CreateTempSubdirectory("drift-tool-").FullName;
            try
            {
                string clone = Path.Combine(work, "clone");
                string feed = Path.Combine(work, "feed");
                string tools = Path.Combine(work, "tools");
                var fresh = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(work, "nuget-packages") };
                CopyWorkingTree(clone);

                // A version of its own, so no NuGet cache can serve an older build of the tool.
                string version = "0.0.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
                var pack = Shell.Run(clone, fresh, "dotnet", "pack", "src/Snapshot/DriftAnalyzers.Snapshot.csproj", "-c", "Release", "-o", feed, "-p:Version=" + version);
                Assert.That(pack.ExitCode, Is.EqualTo(0), pack.ToString());
                Assert.That(pack.Output, Does.Not.Match(@"\berror [A-Z]+\d+"), pack.ToString());

                // The pointer package dotnet tool install asks for, and the two it points to.
                var packages = Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
                Assert.That(packages, Is.EqualTo(new[]
                {
                    $"DriftAnalyzers.Cli.{version}.nupkg",
                    $"DriftAnalyzers.Cli.any.{version}.nupkg",
                    $"DriftAnalyzers.Cli.linux-x64.{version}.nupkg",
                }));
                using (var linux = ZipFile.OpenRead(Path.Combine(feed, $"DriftAnalyzers.Cli.linux-x64.{version}.nupkg")))
                {
                    Assert.That(linux.Entries.Select(e => e.FullName), Has.Member("tools/net10.0/linux-x64/drift.dll"));
                    Assert.That(linux.Entries.Select(e => e.FullName), Has.Member("README.md"));
                }

                using (var any = ZipFile.OpenRead(Path.Combine(feed, $"DriftAnalyzers.Cli.any.{version}.nupkg")))
                {
                    Assert.That(any.Entries.Select(e => e.FullName), Has.Member("tools/net10.0/any/drift.dll"));
                }

                var install = Shell.Run(work, fresh, "dotnet", "tool", "install", "--tool-path", tools, "--add-source", feed, "DriftAnalyzers.Cli", "--version", version);
                Assert.That(install.ExitCode, Is.EqualTo(0), install.ToString());
                string drift = Path.Combine(tools, "drift");
                Assert.That(File.Exists(drift), Is.True, install.ToString());

                using var server = PostgresServer.Start();
                server.CreateDatabase("audit_app", File.ReadAllText(Path.Combine(Shell.RepositoryRoot, "samples", "AuditApp", "database.sql")));
                string output = Path.Combine(work, "audit_app.json");
                var snapshot = Shell.Run(work, drift, "snapshot", "--connection", server.ConnectionString("audit_app"), "--output", output);
                Assert.That(snapshot.ExitCode, Is.EqualTo(0), snapshot.ToString());
                Assert.That(snapshot.Output, Does.Not.Contain(server.Password));

                // Byte for byte, but for the installed server's version, which is not the schema.
                string committed = File.ReadAllText(Path.Combine(Shell.RepositoryRoot, "schema-snapshots", "audit_app.json"));
                Assert.That(WithoutServerVersion(File.ReadAllText(output)), Is.EqualTo(WithoutServerVersion(committed)));

                var verify = Shell.Run(work, drift, "verify", "--connection", server.ConnectionString("audit_app"), Path.Combine(Shell.RepositoryRoot, "schema-snapshots", "audit_app.json"));
                Assert.That(verify.ExitCode, Is.EqualTo(0), verify.ToString());
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        /// <summary>What a clone of the working tree holds: tracked and new files, nothing git ignores (bin/, obj/).</summary>
        private static void CopyWorkingTree(string destination)
        {
            var files = Shell.Run(Shell.RepositoryRoot, "git", "ls-files", "--cached", "--others", "--exclude-standard", "-z");
            Assert.That(files.ExitCode, Is.EqualTo(0), files.ToString());
            foreach (string file in files.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string source = Path.Combine(Shell.RepositoryRoot, file);
                if (File.Exists(source))
                {
                    string target = Path.Combine(destination, file);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(source, target);
                }
            }
        }

        private static string WithoutServerVersion(string text) => Regex.Replace(text, "\"serverVersion\": \"[^\"]*\"", "\"serverVersion\": \"*\"");
    }
}
