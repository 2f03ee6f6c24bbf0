using System;
using System.Collections.Generic;

namespace DriftAnalyzers.Cli
{
    /// <summary>The closest of a few known names to a mistyped one (an option, a connection-string keyword), by edit distance.</summary>
    internal static class DidYouMean
    {
        /// <summary>
        /// The candidate nearest to <paramref name="typed"/>, ignoring case, spaces and leading dashes, if at most a third of
        /// its letters (at least one, at most three) differ; else null.
        /// </summary>
        public static string? Closest(string typed, IEnumerable<string> candidates)
        {
            string word = Normalize(typed);
            int limit = Math.Clamp(word.Length / 3, 1, 3);
            string? best = null;
            int bestDistance = int.MaxValue;
            foreach (string candidate in candidates)
            {
                int distance = Distance(word, Normalize(candidate));
                if (distance <= limit && distance < bestDistance)
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }

            return best;
        }

        private static string Normalize(string name) => name.TrimStart('-').Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

        /// <summary>Levenshtein distance with transpositions (optimal string alignment); names are short.</summary>
        private static int Distance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (int i = 0; i <= a.Length; i++)
            {
                d[i, 0] = i;
            }

            for (int j = 0; j <= b.Length; j++)
            {
                d[0, j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                    }
                }
            }

            return d[a.Length, b.Length];
        }
    }
}
