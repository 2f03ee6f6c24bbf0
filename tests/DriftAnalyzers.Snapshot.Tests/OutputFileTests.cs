using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DriftAnalyzers.Cli;
using Npgsql;
using NUnit.Framework;

namespace DriftAnalyzers.Snapshot.Tests
{
    /// <summary>What <c>-o FILE</c> does to what is already there, and what an interrupted run leaves behind.</summary>
    [Platform("Linux")]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public sealed class OutputFileTests
    {
        private string folder = string.Empty;

        [SetUp]
        public void NewFolder() => folder = Directory.CreateTempSubdirectory("drift-output-").FullName;

        [TearDown]
        public void DeleteFolder() => Directory.Delete(folder, recursive: true);

        private static void Run(string program, params string[] args)
        {
            var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.EqualTo(0), program + " " + string.Join(" ", args) + ": " + process.StandardError.ReadToEnd());
        }

        private string[] Temporaries() => Directory.GetFiles(folder, ".drift-*").Select(Path.GetFileName).ToArray()!;

        [Test]
        public void A_symbolic_link_is_followed_and_stays_a_link()
        {
            string real = Path.Combine(folder, "real.json");
            string link = Path.Combine(folder, "link.json");
            File.WriteAllText(real, "old");
            File.CreateSymbolicLink(link, "real.json");
            OutputFile.WriteAtomically(link, "new");
            Assert.That(new FileInfo(link).LinkTarget, Is.EqualTo("real.json"), "the link is still a link");
            Assert.That(File.ReadAllText(real), Is.EqualTo("new"), "the file it points to is the one replaced");
            Assert.That(Temporaries(), Is.Empty);
        }

        [Test]
        public void A_fifo_or_a_device_is_refused_and_left_as_it_is()
        {
            string fifo = Path.Combine(folder, "fifo.json");
            Run("mkfifo", fifo);
            var e = Assert.Throws<DriftException>(() => OutputFile.WriteAtomically(fifo, "new"))!;
            Assert.That(e.Message, Is.EqualTo("cannot write '" + fifo + "': it is a FIFO, not a regular file, and is left as it is (use -o - for standard output)"));
            Assert.That(UnixFile.Stat(fifo)!.Kind, Is.EqualTo(UnixFileKind.Fifo));

            if (Environment.IsPrivilegedProcess)
            {
                string device = Path.Combine(folder, "null.json");
                Run("mknod", device, "c", "1", "3");
                Assert.That(() => OutputFile.WriteAtomically(device, "new"), Throws.TypeOf<DriftException>().With.Message.Contains("it is a character device"));
                Assert.That(UnixFile.Stat(device)!.Kind, Is.EqualTo(UnixFileKind.CharacterDevice));
            }

            Assert.That(() => OutputFile.WriteAtomically(folder, "new"), Throws.TypeOf<DriftException>().With.Message.EqualTo("cannot write '" + folder + "': it is a folder"));
            Assert.That(Temporaries(), Is.Empty);
        }

        [Test]
        public void A_read_only_file_is_refused_and_left_as_it_is()
        {
            string file = Path.Combine(folder, "ro.json");
            File.WriteAllText(file, "old");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var e = Assert.Throws<DriftException>(() => OutputFile.WriteAtomically(file, "new"))!;
            Assert.That(e.Message, Is.EqualTo("cannot write '" + file + "': it is read-only (mode 0444) and is left as it is; make it writable or remove it first"));
            Assert.That(File.ReadAllText(file), Is.EqualTo("old"));
            Assert.That(Temporaries(), Is.Empty);
        }

        [Test]
        public void The_replaced_file_keeps_its_mode_and_owner()
        {
            string file = Path.Combine(folder, "kept.json");
            File.WriteAllText(file, "old");
            var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
            File.SetUnixFileMode(file, mode);
            bool root = Environment.IsPrivilegedProcess;
            if (root)
            {
                Run("chown", "65534:65534", file);
            }

            OutputFile.WriteAtomically(file, "new");
            Assert.That(File.ReadAllText(file), Is.EqualTo("new"));
            Assert.That(File.GetUnixFileMode(file), Is.EqualTo(mode));
            if (root)
            {
                var status = UnixFile.Stat(file)!;
                Assert.That((status.Uid, status.Gid), Is.EqualTo((65534u, 65534u)));
            }
        }

        [Test]
        public void A_name_of_255_bytes_fits_the_temporary_file_too()
        {
            string file = Path.Combine(folder, new string('s', 250) + ".json");
            OutputFile.WriteAtomically(file, "new");
            Assert.That(File.ReadAllText(file), Is.EqualTo("new"));
        }

        [Test]
        public void Temporary_files_of_drift_processes_that_are_gone_are_removed()
        {
            // A pid above the kernel's pid_max (4194304 at most) never runs.
            string stale = Path.Combine(folder, ".drift-4194305-0123abcd.tmp");
            string live = Path.Combine(folder, ".drift-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-0123abcd.tmp");
            string other = Path.Combine(folder, ".other.tmp");
            File.WriteAllText(stale, "{");
            File.WriteAllText(live, "{");
            File.WriteAllText(other, "{");
            OutputFile.WriteAtomically(Path.Combine(folder, "s.json"), "new");
            Assert.That(File.Exists(stale), Is.False);
            Assert.That(File.Exists(live), Is.True, "a running process's temporary file is its own business");
            Assert.That(File.Exists(other), Is.True);
        }

        [Test]
        public void A_cancelled_write_removes_its_temporary_file_and_leaves_the_target()
        {
            string file = Path.Combine(folder, "s.json");
            File.WriteAllText(file, "old");
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            Assert.That(() => OutputFile.WriteAtomically(file, "new", cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(File.ReadAllText(file), Is.EqualTo("old"));
            Assert.That(Temporaries(), Is.Empty);
        }

        /// <summary>The real process: SIGTERM while it waits for a lock cancels it (exit 2, "cancelled"), target untouched.</summary>
        [TestCase("TERM")]
        [TestCase("INT")]
        public async Task A_signal_cancels_the_run_and_leaves_the_target_untouched(string signal)
        {
            string database = Database.Create("CREATE TABLE public.t (id integer);");
            await using var holder = new NpgsqlConnection(Database.Server.ConnectionString(database));
            await holder.OpenAsync();
            await using (var hold = new NpgsqlCommand("BEGIN; LOCK TABLE public.t IN ACCESS EXCLUSIVE MODE;", holder))
            {
                await hold.ExecuteNonQueryAsync();
            }

            string file = Path.Combine(folder, "s.json");
            File.WriteAllText(file, "old");
            // A job started in the background by a non-interactive shell (`.ci/run &`, nohup) inherits SIGINT ignored, and the
            // runtime keeps an inherited ignored SIGINT ignored, as Unix tools do. The test is about a SIGINT that reaches drift
            // (Ctrl+C in a terminal), so drift then starts through perl (part of every Debian), which restores the default.
            bool ignored = signal == "INT" && SignalIgnored(2);
            var start = new ProcessStartInfo(ignored ? "perl" : "dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
            if (ignored)
            {
                foreach (string arg in new[] { "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"", "dotnet" })
                {
                    start.ArgumentList.Add(arg);
                }
            }

            foreach (string arg in new[] { Path.Combine(TestContext.CurrentContext.TestDirectory, "drift.dll"), "snapshot", "-c", Database.Server.ConnectionString(database), "-o", file, "--lock-wait-timeout", "2min" })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stderr = new System.Text.StringBuilder();
            var sawReading = new TaskCompletionSource();
            process.ErrorDataReceived += (_, e) =>
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }

                if (e.Data?.StartsWith("drift: reading the schema", StringComparison.Ordinal) == true)
                {
                    sawReading.TrySetResult();
                }
            };
            process.BeginErrorReadLine();
            Assert.That(await Task.WhenAny(sawReading.Task, Task.Delay(TimeSpan.FromMinutes(1))), Is.SameAs(sawReading.Task), "drift started (hang guard)");
            await Task.Delay(500);
            Run("kill", "-" + signal, process.Id.ToString(CultureInfo.InvariantCulture));
            using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            try
            {
                await process.WaitForExitAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                lock (stderr)
                {
                    Assert.Fail("drift did not end within a minute of SIG" + signal + "; its stderr:\n" + stderr);
                }
            }

            lock (stderr)
            {
                Assert.That(process.ExitCode, Is.EqualTo(2), stderr.ToString());
                Assert.That(stderr.ToString(), Does.Contain("drift: cancelled"));
            }

            Assert.That(File.ReadAllText(file), Is.EqualTo("old"));
            Assert.That(Temporaries(), Is.Empty);
        }

        /// <summary>Whether this process ignores signal <paramref name="number"/> (its bit in /proc/self/status's SigIgn mask).</summary>
        private static bool SignalIgnored(int number)
        {
            string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
            return line != null && (Convert.ToUInt64(line.Substring("SigIgn:".Length).Trim(), 16) & (1UL << (number - 1))) != 0;
        }
    }
}
