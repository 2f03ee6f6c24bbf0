using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using DriftAnalyzers.Model.Migrations;
using Microsoft.CodeAnalysis;

namespace DriftAnalyzers.Model
{
    // DRIFT014: the code's model, as the static reading finds it, against its context's latest migrations model snapshot.
    internal static partial class EntityModelBuilder
    {
        private sealed partial class Builder
        {
            /// <summary>
            /// Compares one context's model as the code states it with the model its migrations' model snapshot states, as EF
            /// Core's own pending-changes check does (tables and their columns, types, nullability and keys), and keeps only what
            /// the static reading is sure of. Entities are matched by class, then (a class renamed or moved to another
            /// namespace) by table; properties by name, then (a property renamed onto its old column) by column. Silent on: a
            /// context whose configuration is not fully read (model-wide renames, a base context or helper of another assembly,
            /// ConfigureConventions), an entity or property the static reading does not analyze, owned and complex types,
            /// ASP.NET Core Identity's own types and properties, names derived by a naming convention the snapshot does not
            /// follow, and column types neither the code nor the snapshot states in a form the analyzers can derive.
            /// </summary>
            private sealed partial class SnapshotComparison
            {
                private readonly Builder builder;
                private readonly MatchedSnapshot matched;
                private readonly MigrationsMapper.Result mapped;
                private readonly Dictionary<string, EntityMapping> readFromCode;
                private readonly FluentConfiguration fluent;
                private readonly Dictionary<string, HashSet<string>> members;
                private readonly Dictionary<string, SortedSet<string>> dbSetNames;
                private readonly Dictionary<string, string> contextWide;
                private readonly Dictionary<string, EnumMapping> enums;
                private readonly Dictionary<string, SnapshotEntity> snapshotEntities = new Dictionary<string, SnapshotEntity>(StringComparer.Ordinal);

                // The foreign key properties of the relationships that name their dependent (one-to-one), by dependent.
                private readonly Dictionary<string, HashSet<string>> namedDependents = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                private List<PendingModelChange> found = new List<PendingModelChange>();
                private HashSet<string> contextMembers = new HashSet<string>(StringComparer.Ordinal);
                private HashSet<string>? reached;

                // False where the snapshot's names follow another naming convention than the code's (one set in another
                // project, or a convention just added): names derived by a convention are then not compared.
                private bool namesAgree = true;

                public SnapshotComparison(Builder builder, MatchedSnapshot matched, MigrationsMapper.Result mapped, Dictionary<string, EntityMapping> readFromCode, FluentConfiguration fluent, Dictionary<string, HashSet<string>> members, Dictionary<string, SortedSet<string>> dbSetNames, Dictionary<string, string> contextWide, Dictionary<string, EnumMapping> enums)
                {
                    this.builder = builder;
                    this.matched = matched;
                    this.mapped = mapped;
                    this.readFromCode = readFromCode;
                    this.fluent = fluent;
                    this.members = members;
                    this.dbSetNames = dbSetNames;
                    this.contextWide = contextWide;
                    this.enums = enums;
                    foreach (var entity in matched.Model.Entities)
                    {
                        if (!snapshotEntities.ContainsKey(entity.Name))
                        {
                            snapshotEntities.Add(entity.Name, entity);
                        }

                        foreach (var foreignKey in entity.ForeignKeys)
                        {
                            if (foreignKey.Dependent != null)
                            {
                                if (!namedDependents.TryGetValue(foreignKey.Dependent, out var names))
                                {
                                    namedDependents.Add(foreignKey.Dependent, names = new HashSet<string>(StringComparer.Ordinal));
                                }

                                names.UnionWith(foreignKey.Properties);
                            }
                        }
                    }
                }

                private TypeFacts Context => matched.Context;

                private MigrationsModel Model => matched.Model;

                private string TheSnapshot => "the migrations' model snapshot " + Model.FileName;

                private string InSnapshot => "in " + TheSnapshot;

                public void Compare(List<PendingModelChange> changes, CancellationToken cancellationToken)
                {
                    if (!CanCompare())
                    {
                        return;
                    }

                    found = changes;
                    var code = CodeEntities();
                    var pairs = PairByClass(code, out var unpaired);

                    // The names of the entities paired by class say whether the snapshot follows the code's naming convention.
                    namesAgree = NamesAgree(pairs);
                    PairByTable(unpaired, pairs, out var addedEntities, out var removedEntities);
                    var shared = SharedTables(code);
                    foreach (var (entity, snapshot) in pairs)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        CompareEntity(entity, snapshot, shared);
                    }

                    foreach (var entity in addedEntities)
                    {
                        Added(entity, pairs);
                    }

                    AddedThroughNavigations(code, pairs);

                    foreach (var snapshot in removedEntities)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        Removed(snapshot, code, cancellationToken);
                    }
                }

                /// <summary>The context is declared here, and the static reading knows its whole configuration.</summary>
                private bool CanCompare()
                {
                    string key = Context.Key;
                    if (!builder.index.Contains(Context.Location) || !members.TryGetValue(key, out var own))
                    {
                        return false;
                    }

                    contextMembers = own;
                    return !contextWide.ContainsKey(key) && !fluent.ConventionsConfigured.ContainsKey(key);
                }

                /// <summary>The entities the static reading puts in the context's model (its DbSets, its base contexts', what its configuration names), by key.</summary>
                private List<EntityMapping> CodeEntities()
                {
                    var keys = new List<string>();
                    foreach (var pair in readFromCode)
                    {
                        if (InCodeModel(pair.Key))
                        {
                            keys.Add(pair.Key);
                        }
                    }

                    keys.Sort(StringComparer.Ordinal);
                    var result = new List<EntityMapping>(keys.Count);
                    foreach (var key in keys)
                    {
                        result.Add(readFromCode[key]);
                    }

                    return result;
                }

                private bool InCodeModel(string key)
                    => contextMembers.Contains(key) || (fluent.ContextOf.TryGetValue(key, out var configuredBy) && configuredBy == Context.Key);

                /// <summary>The code's entities with the snapshot's of the same class; <paramref name="unpaired"/>: the code's others.</summary>
                private List<(EntityMapping Code, EntityMapping Snapshot)> PairByClass(List<EntityMapping> code, out List<EntityMapping> unpaired)
                {
                    var byClass = new Dictionary<string, EntityMapping>(StringComparer.Ordinal);
                    foreach (var snapshot in mapped.Entities)
                    {
                        if (!snapshot.TypeKey.StartsWith("snapshot::", StringComparison.Ordinal) && !byClass.ContainsKey(snapshot.TypeKey))
                        {
                            byClass.Add(snapshot.TypeKey, snapshot);
                        }
                    }

                    var pairs = new List<(EntityMapping, EntityMapping)>();
                    var paired = new HashSet<EntityMapping>();
                    unpaired = new List<EntityMapping>();
                    foreach (var entity in code)
                    {
                        if (byClass.TryGetValue(entity.TypeKey, out var snapshot) && paired.Add(snapshot))
                        {
                            pairs.Add((entity, snapshot));
                        }
                        else
                        {
                            unpaired.Add(entity);
                        }
                    }

                    return pairs;
                }

                /// <summary>
                /// For a class no snapshot entity names (renamed, moved to another namespace), the one snapshot entity left on the same
                /// table, added to <paramref name="pairs"/>. What is left is <paramref name="added"/> to the code or <paramref name="removed"/> from it.
                /// </summary>
                private void PairByTable(List<EntityMapping> unpaired, List<(EntityMapping Code, EntityMapping Snapshot)> pairs, out List<EntityMapping> added, out List<EntityMapping> removed)
                {
                    var paired = new HashSet<EntityMapping>();
                    foreach (var (_, snapshot) in pairs)
                    {
                        paired.Add(snapshot);
                    }

                    added = new List<EntityMapping>();
                    foreach (var entity in unpaired)
                    {
                        EntityMapping? onTable = null;
                        int candidates = 0;
                        foreach (var snapshot in mapped.Entities)
                        {
                            if (!paired.Contains(snapshot) && !snapshot.IsView && !snapshot.HasNoTable && SameTable(entity, snapshot))
                            {
                                onTable = snapshot;
                                candidates++;
                            }
                        }

                        if (candidates == 1 && paired.Add(onTable!))
                        {
                            pairs.Add((entity, onTable!));
                        }
                        else
                        {
                            added.Add(entity);
                        }
                    }

                    removed = new List<EntityMapping>();
                    foreach (var snapshot in mapped.Entities)
                    {
                        if (!paired.Contains(snapshot))
                        {
                            removed.Add(snapshot);
                        }
                    }
                }

                /// <summary>
                /// Whether the snapshot's names follow the code's naming convention: no name the code derives by convention is, in
                /// the snapshot, what another convention (none included) makes of the same property or DbSet name.
                /// </summary>
                private bool NamesAgree(List<(EntityMapping Code, EntityMapping Snapshot)> pairs)
                {
                    foreach (var (entity, snapshot) in pairs)
                    {
                        if (!Comparable(entity) || !Comparable(snapshot))
                        {
                            continue;
                        }

                        if (!HierarchyMember(entity) && ExplicitTable(entity) == null && ConventionalTableName(entity) is { } raw && entity.Table != snapshot.Table
                            && OtherConventionGives(raw, snapshot.Table, entity.Convention))
                        {
                            return false;
                        }

                        foreach (var property in entity.Properties)
                        {
                            if (Comparable(property) && ExplicitColumn(entity, property) == null && ColumnOf(snapshot, property.Property.Name) is { } column
                                && column != property.Column && OtherConventionGives(property.Property.Name, column, entity.Convention))
                            {
                                return false;
                            }
                        }
                    }

                    return true;
                }

                /// <summary>
                /// Whether the code's entity maps the snapshot entity's table: the same name, or, where the snapshot follows another
                /// naming convention than the code, a name derived by convention that differs only in case and underscores.
                /// </summary>
                private bool SameTable(EntityMapping code, EntityMapping snapshot)
                    => code.Table.Length > 0 && code.Schema == snapshot.Schema
                       && (code.Table == snapshot.Table || (!namesAgree && ExplicitTable(code) == null && Loose(code.Table) == Loose(snapshot.Table)));

                private static string Loose(string name) => name.Replace("_", string.Empty).ToUpperInvariant();

                /// <summary>"schema.name" where the code's name for the table is sure, else null.</summary>
                private string? TableName(EntityMapping entity)
                    => ExplicitTable(entity) != null || namesAgree ? entity.Schema + "." + entity.Table : null;

                /// <summary>"table schema.name" where the code's name for it is sure, else "a table".</summary>
                private string TableText(EntityMapping entity) => TableName(entity) is { } table ? "table " + table : "a table";

                private static bool OtherConventionGives(string name, string actual, NamingConvention except)
                {
                    foreach (var convention in AllConventions)
                    {
                        if (convention != except && convention.Rewrite(name) == actual)
                        {
                            return true;
                        }
                    }

                    return false;
                }

                /// <summary>Tables two of the code's hierarchies map (table splitting): the nullability of their columns is not judged.</summary>
                private static HashSet<string> SharedTables(List<EntityMapping> code)
                {
                    var owners = new Dictionary<string, string>(StringComparer.Ordinal);
                    var shared = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var entity in code)
                    {
                        string table = entity.Schema + "." + entity.Table;
                        string hierarchy = entity.HierarchyRoot ?? entity.TypeKey;
                        if (owners.TryGetValue(table, out var owner) && owner != hierarchy)
                        {
                            shared.Add(table);
                        }
                        else
                        {
                            owners[table] = hierarchy;
                        }
                    }

                    return shared;
                }

                private void CompareEntity(EntityMapping entity, EntityMapping snapshot, HashSet<string> sharedTables)
                {
                    if (!Comparable(entity) || !Comparable(snapshot))
                    {
                        return;
                    }

                    var snapshotEntity = SnapshotEntityOf(snapshot);
                    if (!HierarchyMember(entity) && (entity.Schema != snapshot.Schema || entity.Table != snapshot.Table)
                        && (ExplicitTable(entity) != null || (namesAgree && ConventionalTableName(entity) != null)))
                    {
                        Report(
                            PendingChangeKind.TableRenamed,
                            "Entity '" + entity.Name + "' maps to table " + entity.Schema + "." + entity.Table + " in the code but to " + snapshot.Schema + "." + snapshot.Table + " " + InSnapshot,
                            "map it to " + snapshot.Schema + "." + snapshot.Table + " again",
                            entity.Type,
                            null,
                            snapshotEntity?.Location ?? default,
                            new ChangeSides(null, entity.Schema + "." + entity.Table, null, "table " + entity.Schema + "." + entity.Table, "table " + snapshot.Schema + "." + snapshot.Table));
                    }

                    var codeKey = !HierarchyMember(entity) && (entity.HierarchyRoot == null || entity.HierarchyRoot == entity.TypeKey) && !entity.Keyless && !snapshot.Keyless
                        ? PrimaryKey(entity, fluent)
                        : ImmutableArray<PropertyMapping>.Empty;
                    if (!codeKey.IsEmpty && !snapshot.KeyProperties.IsEmpty && Names(codeKey) != Names(snapshot.KeyProperties))
                    {
                        Report(
                            PendingChangeKind.KeyChanged,
                            "Entity '" + entity.Name + "' has the primary key (" + Names(codeKey) + ") in the code but (" + Names(snapshot.KeyProperties) + ") " + InSnapshot,
                            "change the key back to (" + Names(snapshot.KeyProperties) + ")",
                            entity.Type,
                            null,
                            snapshotEntity?.Location ?? default,
                            new ChangeSides(null, TableName(entity), null, "primary key (" + Names(codeKey) + ")", "primary key (" + Names(snapshot.KeyProperties) + ")"));
                    }

                    CompareProperties(entity, snapshot, codeKey, sharedTables.Contains(entity.Schema + "." + entity.Table));
                }

                private void Added(EntityMapping entity, List<(EntityMapping Code, EntityMapping Snapshot)> pairs)
                {
                    // [NotMapped] or [Owned] on the class keeps it out of the model whatever DbSet exposes it.
                    if (!Comparable(entity) || entity.Type.Attribute(Facts.NotMappedAttribute) != null || entity.Type.Attribute(Facts.OwnedAttribute) != null)
                    {
                        return;
                    }

                    if (HierarchyMember(entity))
                    {
                        // A new type of a table-per-hierarchy: a change where it brings the discriminator (the first derived type) or a column.
                        EntityMapping? root = null;
                        foreach (var (code, snapshot) in pairs)
                        {
                            if (code.TypeKey == entity.HierarchyRoot)
                            {
                                root = snapshot;
                            }
                        }

                        if (root == null || !Comparable(root) || SnapshotEntityOf(root) is not { } rootEntity)
                        {
                            return;
                        }

                        PropertyMapping? column = null;
                        foreach (var property in entity.Properties)
                        {
                            if (Comparable(property) && root.TableColumns?.Contains(property.Column) == false)
                            {
                                column = property;
                                break;
                            }
                        }

                        if (rootEntity.Discriminator != null && column == null)
                        {
                            return;
                        }

                        entity.AwaitingMigration = true;
                        Report(
                            PendingChangeKind.EntityAdded,
                            "Entity '" + entity.Name + "' (in " + TableText(entity) + ", " + (column != null ? ColumnText(entity, column) ?? "a column" : "a discriminator") + ") is in " + Context.Name + "'s model but not " + InSnapshot,
                            "remove it from the model",
                            entity.Type,
                            null,
                            default,
                            new ChangeSides(null, TableName(entity), column != null ? ColumnName(entity, column) : null, "in " + Context.Name + "'s model", "not in the model"));
                        return;
                    }

                    foreach (var snapshot in mapped.Entities)
                    {
                        if (SameTable(entity, snapshot))
                        {
                            // Its table is in the snapshot, mapped by another entity type: table splitting or a move, not judged.
                            return;
                        }
                    }

                    entity.AwaitingMigration = true;
                    Report(
                        PendingChangeKind.EntityAdded,
                        "Entity '" + entity.Name + "' (" + TableText(entity) + ") is in " + Context.Name + "'s model but not " + InSnapshot,
                        "remove it from the model",
                        entity.Type,
                        null,
                        default,
                        new ChangeSides(null, TableName(entity), null, "in " + Context.Name + "'s model", "not in the model"));
                }

                /// <summary>
                /// Classes the code's entities now reach through a navigation (<c>List&lt;Comment&gt; Comments</c>) that neither the code
                /// nor the snapshot maps: EF Core adds each as an entity type with a table of its own. Only where it surely does: not
                /// owned, complex, keyless, ignored or derived from an entity, a class of this compilation with a key EF Core finds.
                /// </summary>
                private void AddedThroughNavigations(List<EntityMapping> code, List<(EntityMapping Code, EntityMapping Snapshot)> pairs)
                {
                    if (fluent.MembershipUnknown.Contains(Context.Key))
                    {
                        return;
                    }

                    var known = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var entity in code)
                    {
                        known.Add(entity.TypeKey);
                    }

                    foreach (var snapshot in mapped.Entities)
                    {
                        known.Add(snapshot.TypeKey);
                    }

                    var reported = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var (entity, _) in pairs)
                    {
                        if (!Comparable(entity))
                        {
                            continue;
                        }

                        fluent.Entities.TryGetValue(entity.TypeKey, out var configured);
                        foreach (var member in AllProperties(entity.Type))
                        {
                            if (!member.HasGetter || member.Attribute(Facts.NotMappedAttribute) != null || member.Attribute(Facts.ColumnAttribute) != null
                                || (configured != null && (configured.Ignored.Contains(member.Name) || configured.OwnedNavigations.ContainsKey(member.Name) || configured.Properties.ContainsKey(member.Name)))
                                || builder.NavigationTarget(member.Type) is not { } target || known.Contains(target) || reported.Contains(target)
                                || builder.types.TryGetValue(target, out var type) is false || !NewEntity(type!, known))
                            {
                                continue;
                            }

                            reported.Add(target);
                            Report(
                                PendingChangeKind.EntityAdded,
                                "Entity '" + type!.Name + "' (reached through " + entity.Name + "." + member.Name + ") is in " + Context.Name + "'s model but not " + InSnapshot,
                                "remove the navigation (or mark it [NotMapped])",
                                type,
                                null,
                                default,
                                new ChangeSides(null, null, null, "in " + Context.Name + "'s model, reached through " + entity.Name + "." + member.Name, "not in the model"));
                        }
                    }
                }

                /// <summary>Whether EF Core makes an entity type of a class a navigation reaches: its own class here, not owned, complex, keyless or ignored, with a key it finds, not derived from an entity.</summary>
                private bool NewEntity(TypeFacts type, HashSet<string> known)
                {
                    if (type.Kind != TypeKind.Class || type.IsAbstract || type.IsGenericType || !builder.index.Contains(type.Location) || IsFramework(type.Key)
                        || type.Attribute(Facts.OwnedAttribute) != null || type.Attribute(Facts.ComplexTypeAttribute) != null || type.Attribute(Facts.KeylessAttribute) != null
                        || type.Attribute(Facts.NotMappedAttribute) != null || fluent.NotEntities.Contains(type.Key) || fluent.OwnedTypes.Contains(type.Key))
                    {
                        return false;
                    }

                    for (var baseType = type.BaseType; baseType != null; baseType = baseType.BaseType)
                    {
                        if (known.Contains(baseType.Key))
                        {
                            return false;
                        }
                    }

                    // A key EF Core finds by itself: [Key], [PrimaryKey], Id or <Type>Id.
                    if (type.Attribute(Facts.PrimaryKeyAttribute) != null)
                    {
                        return true;
                    }

                    foreach (var member in AllProperties(type))
                    {
                        if (member.HasSetter && (member.Attribute(Facts.KeyAttribute) != null || string.Equals(member.Name, "Id", StringComparison.OrdinalIgnoreCase)
                            || string.Equals(member.Name, type.Name + "Id", StringComparison.OrdinalIgnoreCase)))
                        {
                            return true;
                        }
                    }

                    return false;
                }

                private void Removed(EntityMapping snapshot, List<EntityMapping> code, CancellationToken cancellationToken)
                {
                    var snapshotEntity = SnapshotEntityOf(snapshot);
                    if (!Comparable(snapshot) || snapshotEntity == null || snapshotEntity.BaseType != null)
                    {
                        return;
                    }

                    foreach (var entity in code)
                    {
                        if (SameTable(entity, snapshot))
                        {
                            return;
                        }
                    }

                    string? how = null;
                    if (snapshot.TypeKey.StartsWith("snapshot::", StringComparison.Ordinal))
                    {
                        // No class of that name here: gone, if no referenced assembly has it either (a shared-type entity has no namespace).
                        string name = snapshot.MigrationsName ?? string.Empty;
                        if (name.IndexOf('.') > 0 && name.IndexOf('<') < 0 && builder.compilation.GetTypeByMetadataName(name) == null)
                        {
                            how = "its class " + name + " is gone";
                        }
                    }
                    else
                    {
                        var key = snapshot.TypeKey;
                        if (fluent.NotEntities.Contains(key))
                        {
                            how = "OnModelCreating excludes it (Ignore or Owned)";
                        }
                        else if (snapshot.Type.Attribute(Facts.NotMappedAttribute) != null)
                        {
                            how = "the class is marked [NotMapped]";
                        }
                        else if (!fluent.MembershipUnknown.Contains(Context.Key) && !Reached(cancellationToken).Contains(key))
                        {
                            how = "no DbSet, configuration or navigation brings it in any more";
                        }
                    }

                    if (how == null)
                    {
                        return;
                    }

                    Report(
                        PendingChangeKind.EntityRemoved,
                        "Entity '" + snapshot.Name + "' (table " + snapshot.Schema + "." + snapshot.Table + ") is " + InSnapshot + " but no longer in " + Context.Name + "'s model (" + how + ")",
                        "restore it",
                        snapshot.Type,
                        null,
                        snapshotEntity.Location,
                        new ChangeSides(null, snapshot.Schema + "." + snapshot.Table, null, "not in the model: " + how, "in the model"));
                }

                /// <summary>What the context's model holds by the code alone: its DbSets, what any configuration names, and what their navigations reach.</summary>
                private HashSet<string> Reached(CancellationToken cancellationToken)
                {
                    if (reached == null)
                    {
                        var roots = new List<string>(contextMembers);
                        roots.AddRange(fluent.ContextOf.Keys);
                        reached = builder.Reachable(roots, fluent, cancellationToken);
                    }

                    return reached;
                }

                private static string Names(ImmutableArray<PropertyMapping> key)
                {
                    var names = new string[key.Length];
                    for (int i = 0; i < key.Length; i++)
                    {
                        names[i] = key[i].Property.Name;
                    }

                    return string.Join(", ", names);
                }

                /// <summary>An entity whose mapping the reading is sure of, with a table EF Core's migrations create (not a view, not excluded, not Identity's own).</summary>
                private static bool Comparable(EntityMapping entity)
                    => entity.NotAnalyzedReason == null && !entity.IsView && !entity.HasNoTable && !entity.ExcludedFromMigrations && entity.Table.Length > 0
                       && !IsFramework(entity.TypeKey) && !(entity.MigrationsName ?? string.Empty).StartsWith("Microsoft.", StringComparison.Ordinal);

                private static bool IsFramework(string key)
                    => key.StartsWith("global::Microsoft.", StringComparison.Ordinal) || key.StartsWith("global::System.", StringComparison.Ordinal);

                /// <summary>A derived type of a table-per-hierarchy: its table is its root's.</summary>
                private bool HierarchyMember(EntityMapping entity)
                    => entity.HierarchyRoot != null && entity.HierarchyRoot != entity.TypeKey && readFromCode.TryGetValue(entity.HierarchyRoot, out var root)
                       && root.Table == entity.Table && root.Schema == entity.Schema;

                /// <summary>[Table("name")], ToTable("name") or ASP.NET Core Identity's name: not rewritten by a naming convention.</summary>
                private static string? ExplicitTable(EntityMapping entity)
                    => entity.TableFromFluent ? entity.Table
                        : entity.Type.Attribute(Facts.TableAttribute) is { Arguments.Length: 1 } table && table.Arguments[0] is string name ? name
                        : null;

                /// <summary>The name EF Core derives the table's from (the context's one DbSet name, else the class name), or null when that is not sure.</summary>
                private string? ConventionalTableName(EntityMapping entity)
                {
                    if (!dbSetNames.TryGetValue(entity.TypeKey, out var names))
                    {
                        return entity.Type.IsGenericType ? null : entity.Type.Name;
                    }

                    return names.Count == 1 && contextMembers.Contains(entity.TypeKey) ? names.Min : null;
                }

                private SnapshotEntity? SnapshotEntityOf(EntityMapping snapshot)
                    => snapshot.MigrationsName != null && snapshotEntities.TryGetValue(snapshot.MigrationsName, out var entity) ? entity : null;

                /// <summary>
                /// Reports at the property's declaration, else the entity's, else (no source here) the snapshot's line, else the
                /// context; on the type whose symbol action owns that place.
                /// </summary>
                private void Report(PendingChangeKind kind, string fact, string revert, TypeFacts entity, PropertyMapping? property, FileSpan snapshotLocation, ChangeSides sides)
                {
                    var index = builder.index;
                    FileSpan location;
                    string reportingKey;
                    if (property != null && index.Contains(property.Property.Location))
                    {
                        location = property.Property.Location;
                        reportingKey = property.Property.ContainingKey;
                    }
                    else if (index.Contains(entity.Location) && !entity.Key.StartsWith("snapshot::", StringComparison.Ordinal))
                    {
                        location = entity.Location;
                        reportingKey = entity.Key;
                    }
                    else if (index.Contains(snapshotLocation))
                    {
                        location = snapshotLocation;
                        reportingKey = Model.SnapshotType;
                    }
                    else
                    {
                        location = Context.Location;
                        reportingKey = Context.Key;
                    }

                    found.Add(new PendingModelChange(kind, fact, revert, location, reportingKey, index.Contains(snapshotLocation) ? snapshotLocation : default, Model, Context)
                    {
                        Entity = entity.Name,
                        Property = sides.Property,
                        Table = sides.Table,
                        Column = sides.Column,
                        Code = sides.Code,
                        Migrations = sides.Migrations,
                    });
                }
            }
        }
    }
}
