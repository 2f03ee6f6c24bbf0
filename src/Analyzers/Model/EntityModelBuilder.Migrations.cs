using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using DriftAnalyzers.Model.Migrations;
using Microsoft.CodeAnalysis;

namespace DriftAnalyzers.Model
{
    // Where a context has migrations: its model snapshot, matched with its context, replaces what the code says.
    internal static partial class EntityModelBuilder
    {
        private sealed partial class Builder
        {
            /// <summary>A context (in this compilation, or only named by the snapshot) and its model snapshot.</summary>
            internal sealed class MatchedSnapshot
            {
                public MatchedSnapshot(TypeFacts context, MigrationsModel model)
                {
                    Context = context;
                    Model = model;
                }

                public TypeFacts Context { get; }

                public MigrationsModel Model { get; }
            }

            /// <summary>
            /// Each Npgsql model snapshot with the context its [DbContext(typeof(X))] names: one of the compilation's contexts,
            /// resolved through the snapshot file's namespaces, or (a Domain project, migrations in another assembly) a context
            /// known only by that name. A context with two snapshots (migrations kept for two providers or two folders) uses the
            /// one among its own files; where that does not decide, neither, and DRIFT013 says so.
            /// </summary>
            private Dictionary<string, MatchedSnapshot> MatchMigrations(List<MigrationsModel> migrations, List<TypeFacts> contexts, out Dictionary<string, string> notes)
            {
                notes = new Dictionary<string, string>(StringComparer.Ordinal);
                var result = new Dictionary<string, MatchedSnapshot>(StringComparer.Ordinal);
                if (migrations.Count == 0)
                {
                    return result;
                }

                var byContext = new Dictionary<string, List<MatchedSnapshot>>(StringComparer.Ordinal);
                var order = new List<string>();
                foreach (var model in migrations)
                {
                    if (!model.IsNpgsql)
                    {
                        continue;
                    }

                    bool own = index.Contains(model.Location);
                    var context = ContextNamed(model.ContextName, model.Namespaces, contexts, own);
                    if (!byContext.TryGetValue(context.Key, out var list))
                    {
                        byContext.Add(context.Key, list = new List<MatchedSnapshot>());
                        order.Add(context.Key);
                    }

                    list.Add(new MatchedSnapshot(context, model));
                }

                order.Sort(StringComparer.Ordinal);
                foreach (var key in order)
                {
                    var list = byContext[key];
                    if (list.Count > 1)
                    {
                        list = list.FindAll(m => index.Contains(m.Model.Location));
                    }

                    if (list.Count == 1)
                    {
                        result.Add(key, list[0]);
                    }
                    else
                    {
                        var files = new SortedSet<string>(StringComparer.Ordinal);
                        foreach (var matched in byContext[key])
                        {
                            files.Add(matched.Model.Path);
                        }

                        notes[key] = "it has " + files.Count + " migrations model snapshots (" + string.Join(", ", files) + ") and the analyzers cannot tell which one describes its database, so they read its mapping from the code; keep one, or hand the package only one with DriftModelSnapshotPath";
                    }
                }

                return result;
            }

            /// <param name="own">The snapshot is one of the compilation's files: a context of the same simple name is its context
            /// even where the namespaces do not say so. Another project's snapshot must name the context exactly (the package
            /// hands a project every model snapshot of the solution).</param>
            private static TypeFacts ContextNamed(string contextName, ImmutableArray<string> namespaces, List<TypeFacts> contexts, bool own)
            {
                string name = contextName.Replace("global::", string.Empty);
                var byKey = new Dictionary<string, TypeFacts>(StringComparer.Ordinal);
                foreach (var context in contexts)
                {
                    byKey[context.Key] = context;
                }

                if (byKey.TryGetValue("global::" + name, out var exact))
                {
                    return exact;
                }

                foreach (var ns in namespaces)
                {
                    if (byKey.TryGetValue("global::" + ns + "." + name, out var found))
                    {
                        return found;
                    }
                }

                int dot = name.LastIndexOf('.');
                string simple = dot < 0 ? name : name.Substring(dot + 1);
                TypeFacts? only = null;
                int matches = 0;
                foreach (var context in contexts)
                {
                    if (context.Name == simple)
                    {
                        only = context;
                        matches++;
                    }
                }

                return matches == 1 && own ? only! : new TypeFacts { Key = "snapshot-context::" + name, Name = simple, Kind = TypeKind.Class, IsDbContext = true };
            }

            /// <summary>
            /// Replaces the mappings read from the code by those the model snapshots state, for every entity a snapshot lists.
            /// Of the entities read from the code for a context that has a snapshot, only those its DbSets expose stay (added
            /// since the last migration); what else the static reading found is not in EF Core's model. Returns what each
            /// context's snapshot maps, by context.
            /// </summary>
            /// <param name="readFromCode">The mappings the static reading found (<paramref name="entities"/> before this step).</param>
            private Dictionary<string, MigrationsMapper.Result> ApplyMigrations(Dictionary<string, MatchedSnapshot> snapshots, Dictionary<string, EntityMapping> entities, Dictionary<string, EntityMapping> readFromCode, Dictionary<string, SortedSet<string>> dbSetNames, List<Relationship> relationships, List<EntityMapping> ownedTables, CancellationToken cancellationToken)
            {
                var mapped = new Dictionary<string, MigrationsMapper.Result>(StringComparer.Ordinal);
                if (snapshots.Count == 0)
                {
                    return mapped;
                }

                var generic = new Dictionary<string, TypeFacts>(StringComparer.Ordinal);
                foreach (var type in types.Values)
                {
                    if (MigrationsMapper.ArityName(type.Key) is { } arityName && !generic.ContainsKey(arityName))
                    {
                        generic.Add(arityName, type);
                    }
                }

                var claimed = new HashSet<string>(StringComparer.Ordinal);
                var keys = new List<string>(snapshots.Keys);
                keys.Sort(StringComparer.Ordinal);
                foreach (var contextKey in keys)
                {
                    var matched = snapshots[contextKey];
                    var contextTree = index.Tree(matched.Context.Location.File);
                    var config = contextTree != null ? options.GetOptions(contextTree) : options.GlobalOptions;
                    string defaultSchema = config.TryGetValue(AnalyzerOptionKeys.DefaultSchema, out var schema) && schema.Trim().Length > 0 ? schema.Trim() : "public";
                    var result = MigrationsMapper.Map(matched.Model, matched.Context, Lookup, generic, index, source, readFromCode, defaultSchema, CheckedInItsProject, cancellationToken);
                    mapped.Add(contextKey, result);
                    bool own = index.Contains(matched.Model.Location);
                    var listed = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var mapping in result.Entities)
                    {
                        // Another project's snapshot contributes only the entities whose classes this compilation has: the
                        // package hands every project of the solution every model snapshot.
                        if (!own && !types.ContainsKey(mapping.TypeKey))
                        {
                            continue;
                        }

                        listed.Add(mapping.TypeKey);
                        if (claimed.Add(mapping.TypeKey))
                        {
                            entities[mapping.TypeKey] = mapping;
                        }
                    }

                    foreach (var pair in readFromCode)
                    {
                        if (pair.Value.Context?.Key == contextKey && !listed.Contains(pair.Key) && !claimed.Contains(pair.Key) && !dbSetNames.ContainsKey(pair.Key))
                        {
                            entities.Remove(pair.Key);
                        }
                    }

                    foreach (var relationship in result.Relationships)
                    {
                        if (own || (listed.Contains(relationship.Dependent.TypeKey) && listed.Contains(relationship.Principal.TypeKey)))
                        {
                            relationships.Add(relationship);
                        }
                    }

                    foreach (var owned in result.OwnedTables)
                    {
                        if (own || (owned.Context != null && !owned.NotReported))
                        {
                            ownedTables.Add(owned);
                        }
                    }
                }

                return mapped;
            }

            /// <summary>
            /// Whether a snapshot's entity type that no DbSet exposes (so no facts hold it) is a referenced assembly's class that
            /// the package checks in its own project. Looked up by metadata name: a few per build, only for such types.
            /// </summary>
            private bool CheckedInItsProject(string clrName)
                => clrName.IndexOf('<') < 0 && compilation.GetTypeByMetadataName(clrName) is { } type && type.Locations.Length > 0 && !type.Locations[0].IsInSource
                   && Facts.IsCheckedInItsProject(type.ContainingAssembly);
        }
    }
}
