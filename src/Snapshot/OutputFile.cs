using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace DriftAnalyzers.Cli
{
    /// <summary>
    /// Writes an output file the way a careful tool does:
    /// <list type="bullet">
    /// <item>through a temporary file in the same folder, flushed to disk, then renamed over the target, so an
    /// interrupted run never leaves a truncated file;</item>
    /// <item>only over a regular file: a folder, device, FIFO or socket is refused, never replaced;</item>
    /// <item>a symbolic link is followed: the file it points to is replaced and the link stays;</item>
    /// <item>a read-only file (no write bit, or not writable by this user) is refused;</item>
    /// <item>the replaced file's permissions are kept, and its owner and group when the user may set them;</item>
    /// <item>the temporary file has a short name of its own (<c>.drift-PID-RANDOM.tmp</c>, so a 255-byte target name
    /// still fits), is removed on every failure and on cancellation (SIGINT, SIGTERM), and temporary files left by drift
    /// processes that no longer run (killed with SIGKILL) are removed from the folder.</item>
    /// </list>
    /// </summary>
    internal static class OutputFile
    {
        private const string TemporaryPrefix = ".drift-";
        private const string TemporarySuffix = ".tmp";

        public static void WriteAtomically(string path, string content, CancellationToken cancellationToken = default)
        {
            string fullPath = Path.GetFullPath(path);
            string target = FollowLinks(fullPath, path);
            string directory = Path.GetDirectoryName(target)!;
            if (!Directory.Exists(directory))
            {
                throw new DriftException("output folder '" + directory + "' does not exist");
            }

            var existing = UnixFile.Stat(target);
            if (existing != null)
            {
                if (existing.Kind == UnixFileKind.Directory)
                {
                    throw new DriftException("cannot write '" + path + "': it is a folder");
                }

                if (existing.Kind != UnixFileKind.Regular)
                {
                    throw new DriftException("cannot write '" + path + "': it is a " + Describe(existing.Kind) + ", not a regular file, and is left as it is (use -o - for standard output)");
                }

                if ((existing.Mode & 0b010_010_010) == 0 || !UnixFile.IsWritable(target))
                {
                    throw new DriftException("cannot write '" + path + "': it is read-only (mode " + Convert.ToString(existing.Mode & 0xFFF, 8).PadLeft(4, '0') + ") and is left as it is; make it writable or remove it first");
                }
            }
            else if (File.Exists(target) || Directory.Exists(target))
            {
                // No stat on this system: at least never replace a folder.
                if (Directory.Exists(target))
                {
                    throw new DriftException("cannot write '" + path + "': it is a folder");
                }
            }

            RemoveStaleTemporaryFiles(directory);
            string temporary = Path.Combine(directory, TemporaryPrefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8) + TemporarySuffix);
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
                if (existing != null && !OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = (UnixFileMode)(existing.Mode & 0x1FF);
                }

                using (var stream = new FileStream(temporary, options))
                {
                    byte[] bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content);
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(flushToDisk: true);
                }

                if (existing != null)
                {
                    if (!OperatingSystem.IsWindows())
                    {
                        // The create mode passes through the umask: set it again.
                        File.SetUnixFileMode(temporary, (UnixFileMode)(existing.Mode & 0xFFF));
                    }

                    UnixFile.TryChown(temporary, existing.Uid, existing.Gid);
                }

                cancellationToken.ThrowIfCancellationRequested();
                File.Move(temporary, target, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                TryDelete(temporary);
                throw new DriftException("cannot write '" + path + "': " + e.Message, e);
            }
            catch
            {
                TryDelete(temporary);
                throw;
            }
        }

        /// <summary>The file a chain of symbolic links ends at (a dangling link: the file it names, created).</summary>
        private static string FollowLinks(string fullPath, string shown)
        {
            var info = new FileInfo(fullPath);
            if (info.LinkTarget == null)
            {
                return fullPath;
            }

            try
            {
                var final = File.ResolveLinkTarget(fullPath, returnFinalTarget: true);
                return final == null ? fullPath : Path.GetFullPath(final.FullName);
            }
            catch (IOException e)
            {
                throw new DriftException("cannot write '" + shown + "': its symbolic link cannot be followed: " + e.Message, e);
            }
        }

        private static string Describe(UnixFileKind kind) => kind switch
        {
            UnixFileKind.CharacterDevice => "character device",
            UnixFileKind.BlockDevice => "block device",
            UnixFileKind.Fifo => "FIFO",
            UnixFileKind.Socket => "socket",
            _ => "special file",
        };

        /// <summary>Removes <c>.drift-PID-*.tmp</c> files whose process is gone (a run killed before it could clean up).</summary>
        internal static void RemoveStaleTemporaryFiles(string directory)
        {
            string[] candidates;
            try
            {
                candidates = Directory.GetFiles(directory, TemporaryPrefix + "*" + TemporarySuffix);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }

            foreach (string candidate in candidates)
            {
                string name = Path.GetFileName(candidate);
                int dash = name.IndexOf('-', TemporaryPrefix.Length);
                if (dash < 0 || !int.TryParse(name.AsSpan(TemporaryPrefix.Length, dash - TemporaryPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || IsRunning(pid))
                {
                    continue;
                }

                TryDelete(candidate);
            }
        }

        private static bool IsRunning(int pid)
        {
            if (pid == Environment.ProcessId)
            {
                return true;
            }

            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    internal enum UnixFileKind
    {
        Regular,
        Directory,
        SymbolicLink,
        CharacterDevice,
        BlockDevice,
        Fifo,
        Socket,
        Other,
    }

    internal sealed record UnixFileStatus(UnixFileKind Kind, int Mode, uint Uid, uint Gid);

    /// <summary>
    /// The file type, mode and owner of a path (statx, whose layout is the same on every Linux architecture), and
    /// chown/access. Null or no-ops where they are not available (other systems): the caller then falls back to what
    /// .NET tells.
    /// </summary>
    internal static partial class UnixFile
    {
        private const int AtFdCwd = -100;
        private const int StatxBasicStats = 0x7ff;
        private const int WriteOk = 2;

        public static UnixFileStatus? Stat(string path)
        {
            if (!OperatingSystem.IsLinux())
            {
                return null;
            }

            var buffer = new byte[256];
            try
            {
                if (Statx(AtFdCwd, path, 0, StatxBasicStats, buffer) != 0)
                {
                    return null;
                }
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                return null;
            }

            // struct statx: stx_uid at 20, stx_gid at 24, stx_mode (u16) at 28.
            uint uid = BitConverter.ToUInt32(buffer, 20);
            uint gid = BitConverter.ToUInt32(buffer, 24);
            int mode = BitConverter.ToUInt16(buffer, 28);
            var kind = (mode & 0xF000) switch
            {
                0x8000 => UnixFileKind.Regular,
                0x4000 => UnixFileKind.Directory,
                0xA000 => UnixFileKind.SymbolicLink,
                0x2000 => UnixFileKind.CharacterDevice,
                0x6000 => UnixFileKind.BlockDevice,
                0x1000 => UnixFileKind.Fifo,
                0xC000 => UnixFileKind.Socket,
                _ => UnixFileKind.Other,
            };
            return new UnixFileStatus(kind, mode, uid, gid);
        }

        public static bool IsWritable(string path)
        {
            if (OperatingSystem.IsWindows())
            {
                return true;
            }

            try
            {
                return Access(path, WriteOk) == 0;
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                return true;
            }
        }

        /// <summary>Gives <paramref name="path"/> this owner and group if it has not them already; false if it could not.</summary>
        public static bool TryChown(string path, uint uid, uint gid)
        {
            var current = Stat(path);
            if (current == null || (current.Uid == uid && current.Gid == gid))
            {
                return true;
            }

            try
            {
                return Chown(path, uid, gid) == 0;
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                return false;
            }
        }

        [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        private static partial int Statx(int dirfd, string path, int flags, int mask, [Out] byte[] buffer);

        [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        private static partial int Access(string path, int mode);

        [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        private static partial int Chown(string path, uint owner, uint group);
    }
}
