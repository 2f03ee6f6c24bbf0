using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using DriftAnalyzers.Model.Migrations;
using Microsoft.CodeAnalysis;

namespace DriftAnalyzers.Model
{
    // The contexts: in which order they claim entities, and what DRIFT013 says about each.
    internal static partial class EntityModelBuilder
    {
        private sealed partial class Builder
        {
            /// <summary>Orders contexts so that a base context comes before those derived from it, then by name: the same model whatever the order of the files.</summary>
            private static int BaseContextsFirst(TypeFacts left, TypeFacts right)
            {
                int depth = Depth(left).CompareTo(Depth(right));
                return depth != 0 ? depth : string.CompareOrdinal(left.Key, right.Key);
            }

            private static int Depth(TypeFacts type)
            {
                int depth = 0;
                for (var current = type.BaseType; current != null && depth < 64; current = current.BaseType)
                {
                    depth++;
                }

                return depth;
            }

            /// <summary>Why an entity is not checked when another context whose configuration cannot be read has it in its model too.</summary>
            private static string? AlsoInUnreadable(string entity, TypeFacts? claimedBy, List<TypeFacts> contexts, Dictionary<string, HashSet<string>> members, Dictionary<string, string> contextWide)
            {
                foreach (var context in contexts)
                {
                    if (context != claimedBy && contextWide.TryGetValue(context.Key, out var reason) && members[context.Key].Contains(entity))
                    {
                        return "it is also in " + context.Name + "'s model, where " + reason;
                    }
                }

                return null;
            }

            /// <summary>A context's entity count and what DRIFT013 says about it.</summary>
            /// <param name="dbSets">The entities the context's DbSets expose: in its model whichever context claims them.</param>
            private ContextModel ContextModelOf(TypeFacts context, Dictionary<string, EntityMapping> entities, HashSet<string> dbSets, Dictionary<string, string> contextWide, Dictionary<string, MatchedSnapshot> snapshots, Dictionary<string, string> snapshotNotes, List<NamingCall> namingCalls)
            {
                var notes = ImmutableArray.CreateBuilder<string>();
                bool hasSnapshot = snapshots.TryGetValue(context.Key, out var snapshot);
                contextWide.TryGetValue(context.Key, out var wide);
                int count = 0;
                var notAnalyzed = new SortedSet<string>(StringComparer.Ordinal);
                var notInSnapshot = new SortedSet<string>(StringComparer.Ordinal);
                var uncheckedNames = new SortedSet<string>(StringComparer.Ordinal);
                var elsewhere = new SortedSet<string>(StringComparer.Ordinal);
                foreach (var mapping in entities.Values)
                {
                    bool claimed = mapping.Context?.Key == context.Key;
                    if (!claimed && !dbSets.Contains(mapping.TypeKey))
                    {
                        continue;
                    }

                    if (wide != null && mapping.FromMigrations == null && mapping.NotAnalyzedReason != null)
                    {
                        uncheckedNames.Add(mapping.Name);
                    }

                    if (!claimed)
                    {
                        continue;
                    }

                    count++;
                    if (!hasSnapshot && mapping.FromMigrations == null && mapping.Type.Location.IsNone && !mapping.Type.Key.StartsWith("global::Microsoft.", StringComparison.Ordinal))
                    {
                        elsewhere.Add(mapping.Name);
                    }

                    if (hasSnapshot && mapping.FromMigrations == null)
                    {
                        notInSnapshot.Add(mapping.Name);
                    }

                    if (mapping.NotAnalyzedReason != null && wide == null)
                    {
                        notAnalyzed.Add(mapping.Name + " (" + mapping.NotAnalyzedReason + ")");
                    }
                }

                if (wide != null && !hasSnapshot && uncheckedNames.Count > 0)
                {
                    notes.Add("its entities" + (uncheckedNames.Count <= 10 ? " (" + string.Join(", ", uncheckedNames) + ")" : string.Empty) + " are not checked: " + wide
                        + "; with migrations (dotnet ef migrations add), the analyzers read the model EF Core built from their model snapshot instead");
                }
                else if (wide != null && notInSnapshot.Count > 0)
                {
                    notes.Add(notInSnapshot.Count + " of its entities are not in its migrations' model snapshot (" + snapshot!.Model.FileName + ") and are not checked: " + string.Join(", ", notInSnapshot) + " (" + wide + ")");
                }

                if (notAnalyzed.Count > 0)
                {
                    notes.Add(notAnalyzed.Count + " of its " + count + " entities are not checked: " + string.Join("; ", notAnalyzed));
                }

                if (elsewhere.Count > 0)
                {
                    notes.Add("its entities declared in other assemblies (" + string.Join(", ", elsewhere) + ") are not checked: without migrations nothing tells their project how they are mapped; "
                        + "with migrations (dotnet ef migrations add), the package hands their model snapshot to the projects that declare them");
                }

                if (snapshotNotes.TryGetValue(context.Key, out var snapshotNote))
                {
                    notes.Add(snapshotNote);
                }

                ConventionOf(context, namingCalls, out string? conventionProblem);
                if (conventionProblem != null && !hasSnapshot)
                {
                    notes.Add(conventionProblem);
                }

                var contextTree = index.Tree(context.Location.File);
                var contextOptions = contextTree != null ? options.GetOptions(contextTree) : options.GlobalOptions;
                string? databaseOption = contextOptions.TryGetValue(AnalyzerOptionKeys.Database, out var db) && db.Trim().Length > 0 ? db.Trim() : null;
                return new ContextModel(context, count, notes.ToImmutable(), databaseOption, context.ConnectionStringDatabase)
                {
                    ModelSnapshot = hasSnapshot && snapshot!.Model.Location.File is { } file && index.Contains(file) ? snapshot.Model : null,
                    DefaultSchema = contextOptions.TryGetValue(AnalyzerOptionKeys.DefaultSchema, out var schema) && schema.Trim().Length > 0 ? schema.Trim() : "public",
                };
            }
        }
    }
}
