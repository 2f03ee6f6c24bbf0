using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using DriftAnalyzers.Model.Migrations;

namespace DriftAnalyzers.Model
{
    // The migrations of each context, to compare with the IDs a snapshot's history tables record.
    internal static partial class EntityModelBuilder
    {
        private sealed partial class Builder
        {
            /// <summary>
            /// The compilation's migration classes, and other projects' handed over, grouped by the context their [DbContext]
            /// names (resolved as a model snapshot's is), each with its model snapshot when that is one of the compilation's files.
            /// </summary>
            /// <summary>The compilation's AdditionalFiles: other projects' migrations (<c>.Designer.cs</c>) arrive among them.</summary>
            public ImmutableArray<Microsoft.CodeAnalysis.AdditionalText> AdditionalFiles { get; set; }

            private ContextMigrationsSet ContextMigrationsOf(List<TypeFacts> contexts, Dictionary<string, MatchedSnapshot> snapshots, CancellationToken cancellationToken)
            {
                var classes = new List<MigrationClass>();
                var operations = new Dictionary<string, MigrationOperations>(StringComparer.Ordinal);
                MigrationClasses.Read(compilation, classes, operations, cancellationToken);
                classes.AddRange(MigrationClasses.InAdditionalFiles(AdditionalFiles, compilation, cancellationToken));
                if (classes.Count == 0)
                {
                    return ContextMigrationsSet.None; // nothing to compare: no context's history is matched
                }

                var byContext = new Dictionary<string, (TypeFacts Context, List<MigrationClass> Migrations)>(StringComparer.Ordinal);
                foreach (var migration in classes)
                {
                    var context = ContextNamed(migration.ContextName, migration.Namespaces, contexts, own: migration.Own);
                    if (!byContext.TryGetValue(context.Key, out var group))
                    {
                        byContext.Add(context.Key, group = (context, new List<MigrationClass>()));
                    }

                    group.Migrations.Add(migration);
                }

                var result = new Dictionary<string, ContextMigrations>(StringComparer.Ordinal);
                foreach (var pair in byContext)
                {
                    var (context, migrations) = pair.Value;
                    if (migrations.Exists(m => m.Own))
                    {
                        migrations.RemoveAll(m => !m.Own); // its own classes are all of them; copies handed over add nothing
                    }

                    migrations.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
                    if (HasDuplicateId(migrations))
                    {
                        continue; // two classes claim one ID: EF Core refuses such a context; nothing to compare
                    }

                    var model = snapshots.TryGetValue(pair.Key, out var matched) && matched.Model.Location.File is { } file && index.Contains(file) ? matched.Model : null;
                    var latest = migrations[migrations.Count - 1];
                    var (key, location) = context.Location.File is { } own && index.Contains(own) ? (context.Key, context.Location)
                        : model != null ? (model.SnapshotType, model.Location)
                        : (latest.TypeKey, latest.Location);
                    result.Add(pair.Key, new ContextMigrations(context, model, migrations.ToImmutableArray(), key, location) { Operations = operations });
                }

                var unseen = new List<MigrationsModel>();
                foreach (var pair in snapshots)
                {
                    if (!byContext.ContainsKey(pair.Key))
                    {
                        unseen.Add(pair.Value.Model);
                    }
                }

                return new ContextMigrationsSet(result, unseen);
            }

            private static bool HasDuplicateId(List<MigrationClass> sorted)
            {
                for (int i = 1; i < sorted.Count; i++)
                {
                    if (sorted[i].Id == sorted[i - 1].Id)
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }
}
