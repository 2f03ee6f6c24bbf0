using System;
using System.IO;

namespace DriftAnalyzers.Tests.Infrastructure
{
    internal static class Repository
    {
        /// <summary>The repository root (where DriftAnalyzers.sln is).</summary>
        public static string Root { get; } = Find();

        public static string File(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

        private static string Find()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
            {
                if (System.IO.File.Exists(Path.Combine(directory.FullName, "DriftAnalyzers.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("repository root not found");
        }
    }
}
