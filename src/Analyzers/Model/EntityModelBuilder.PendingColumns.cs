using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using DriftAnalyzers.Model.Migrations;
using DriftAnalyzers.TypeMapping;

namespace DriftAnalyzers.Model
{
    // DRIFT014, column by column: an entity's properties in the code against the snapshot's, and the column types both give.
    internal static partial class EntityModelBuilder
    {
        private sealed partial class Builder
        {
            private sealed partial class SnapshotComparison
            {
                private void CompareProperties(EntityMapping entity, EntityMapping snapshot, ImmutableArray<PropertyMapping> codeKey, bool sharedTable)
                {
                    var special = NotCompared(entity, snapshot);
                    foreach (var key in codeKey)
                    {
                        special.Add(key.Property.Name);
                    }

                    // The snapshot's own scalar properties by name, and its owned types' columns by Navigation.Property (not JSON columns).
                    var byName = new Dictionary<string, PropertyMapping>(StringComparer.Ordinal);
                    var ownedNavigations = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var property in snapshot.Properties)
                    {
                        if ((Owned(property) ? OwnedClrType(snapshot, property) != null : SnapshotProperty(snapshot, property.Name) != null) && !byName.ContainsKey(property.Name))
                        {
                            byName.Add(property.Name, property);
                        }

                        if (Owned(property))
                        {
                            ownedNavigations.Add(Navigation(property));
                        }
                    }

                    // The owned navigations the code maps by default (the only ones the static reading maps), whose owned class is
                    // declared here (a referenced assembly's class does not show its private members).
                    var codeOwned = new HashSet<string>(StringComparer.Ordinal);
                    var used = new HashSet<string>(StringComparer.Ordinal);
                    var added = new List<PropertyMapping>();
                    foreach (var property in entity.Properties)
                    {
                        bool owned = Owned(property);
                        if (!Comparable(property) && !(owned && !IsFramework(property.Property.ContainingKey)))
                        {
                            continue;
                        }

                        if (owned && builder.index.Contains(property.Property.Location))
                        {
                            codeOwned.Add(Navigation(property));
                        }

                        if (byName.TryGetValue(property.Name, out var other))
                        {
                            used.Add(other.Name);
                            CompareProperty(entity, snapshot, property, other, special, sharedTable, compareColumn: true);
                            continue;
                        }

                        // Renamed in C# onto its old column ([Column("Name")] on the new name): the same column.
                        PropertyMapping? sameColumn = null;
                        foreach (var candidate in byName.Values)
                        {
                            if (!owned && !Owned(candidate) && !used.Contains(candidate.Name) && candidate.Property.IsShadow && candidate.Column == property.Column && !special.Contains(candidate.Name))
                            {
                                sameColumn = candidate;
                                break;
                            }
                        }

                        if (sameColumn != null)
                        {
                            used.Add(sameColumn.Name);
                            CompareProperty(entity, snapshot, property, sameColumn, special, sharedTable, compareColumn: false);
                        }
                        else if (snapshot.TableColumns?.Contains(property.Column) != true && (!owned || ownedNavigations.Contains(Navigation(property))))
                        {
                            // A column of an owned navigation the snapshot does not have at all is not judged: its columns may differ in many ways.
                            added.Add(property);
                        }
                    }

                    // A referenced assembly's class does not show private setters: the properties its snapshot maps and the static
                    // reading could not, read as EF Core maps them (a DDD entity's { get; private set; } in a Domain project).
                    foreach (var pair in byName)
                    {
                        if (!used.Contains(pair.Key) && HiddenSetter(entity, pair.Value) is { } hidden)
                        {
                            used.Add(pair.Key);
                            CompareProperty(entity, snapshot, hidden, pair.Value, special, sharedTable, compareColumn: true);
                        }
                    }

                    var removed = new List<(PropertyMapping Property, string How)>();
                    foreach (var pair in byName)
                    {
                        var property = pair.Value;
                        if (!used.Contains(pair.Key) && (!Owned(property) || codeOwned.Contains(Navigation(property))) && RemovedHow(entity, property, special) is { } how)
                        {
                            removed.Add((property, how));
                        }
                    }

                    // One property gone and one new of the same column type: renamed, as EF Core's RenameColumn will say.
                    if (added.Count == 1 && removed.Count == 1 && removed[0].Property.Property.IsShadow && Owned(added[0]) == Owned(removed[0].Property)
                        && CodeStoreType(entity, added[0]) is { } addedType && addedType == removed[0].Property.MigrationsStoreType)
                    {
                        var (old, _) = removed[0];
                        Report(
                            PendingChangeKind.PropertyRenamed,
                            Named(entity, added[0]) + " maps to " + (ColumnText(entity, added[0]) ?? "a column") + " in the code, where " + TheSnapshot + " has property '" + old.Name + "' (column " + old.Column + "), which the code no longer has",
                            "rename it back to " + Last(old.Name),
                            entity.Type,
                            added[0],
                            SnapshotProperty(snapshot, old.Name)?.Location ?? default,
                            new ChangeSides(added[0].Name, TableName(entity), ColumnName(entity, added[0]), "property " + added[0].Name + (ColumnName(entity, added[0]) is { } renamed ? ", column " + renamed : string.Empty), "property " + old.Name + ", column " + old.Column));
                        return;
                    }

                    foreach (var property in added)
                    {
                        string? type = CodeStoreType(entity, property);
                        Report(
                            PendingChangeKind.PropertyAdded,
                            Named(entity, property) + " (" + Display(property) + (ColumnText(entity, property) is { } column ? ", " + column + (type != null ? ": " + type : string.Empty) : type != null ? ", " + type : string.Empty) + ") is mapped in the code but not " + InSnapshot,
                            "remove it (or mark it [NotMapped])",
                            entity.Type,
                            property,
                            default,
                            new ChangeSides(property.Name, TableName(entity), ColumnName(entity, property), "mapped: " + Display(property) + (type != null ? " (" + type + ")" : string.Empty), "not mapped"));
                    }

                    foreach (var (property, how) in removed)
                    {
                        Report(
                            PendingChangeKind.PropertyRemoved,
                            Named(entity, property) + " (column " + property.Column + (property.MigrationsStoreType != null ? ": " + property.MigrationsStoreType : string.Empty) + ") is mapped " + InSnapshot + " but " + how,
                            property.Property.IsShadow ? "restore the property" : "map it again",
                            entity.Type,
                            null,
                            SnapshotProperty(snapshot, property.Name)?.Location ?? default,
                            new ChangeSides(property.Name, TableName(entity), property.Column, "not mapped: " + how, "mapped" + (property.MigrationsStoreType != null ? " (" + property.MigrationsStoreType + ")" : string.Empty)));
                    }
                }

                private void CompareProperty(EntityMapping entity, EntityMapping snapshot, PropertyMapping property, PropertyMapping other, HashSet<string> special, bool sharedTable, bool compareColumn)
                {
                    bool owned = Owned(property);
                    var declared = owned ? null : SnapshotProperty(snapshot, other.Name);
                    var at = declared?.Location ?? default;
                    if (compareColumn && property.Column != other.Column && (ExplicitColumn(entity, property) != null || (namesAgree && !HierarchyMember(entity))))
                    {
                        Report(
                            PendingChangeKind.ColumnRenamed,
                            Named(entity, property) + " maps to column " + property.Column + " in the code but to column " + other.Column + " " + InSnapshot,
                            "map it to column " + other.Column + " again",
                            entity.Type,
                            property,
                            at,
                            new ChangeSides(property.Name, TableName(entity), property.Column, "column " + property.Column, "column " + other.Column));
                    }

                    string? stored = other.MigrationsStoreType;
                    string? current = CodeStoreType(entity, property);
                    bool typeChanged = false;
                    ClrType storedClr = default;
                    if (stored != null && current != null && current != stored)
                    {
                        // A declared type is compared as written; a derived one only where the snapshot's is what its own type derives.
                        storedClr = SnapshotTypes.Parse(declared?.ClrType ?? OwnedClrType(snapshot, other), Model.Namespaces, builder.Lookup).Clr;
                        typeChanged = DeclaredStoreType(property) != null || DefaultStoreType(storedClr, SnapshotFacets(other)) == stored;
                    }

                    bool nullChanged = property.Required is bool required && other.Required is bool wasRequired && required != wasRequired && !special.Contains(other.Name) && !sharedTable && !owned;
                    if (!typeChanged && !nullChanged)
                    {
                        return;
                    }

                    string nowNull = property.Required == true ? "required" : "nullable";
                    string wasNull = other.Required == true ? "required" : "nullable";
                    if (!typeChanged)
                    {
                        string why = property.RequiredByType ? Display(property)
                            : property.Property.Attribute(Facts.RequiredAttribute) != null && property.Required == true ? "[Required]"
                            : property.Required == true ? "IsRequired()" : "IsRequired(false)";
                        Report(
                            PendingChangeKind.NullabilityChanged,
                            Named(entity, property) + " is " + nowNull + " (" + why + ") in the code but " + wasNull + " " + InSnapshot,
                            "make it " + wasNull + " again",
                            entity.Type,
                            property,
                            at,
                            new ChangeSides(property.Name, TableName(entity), ColumnName(entity, property), nowNull + " (" + why + ")", wasNull));
                        return;
                    }

                    // The same CLR type (an enum as its integer): a size or a declared column type changed.
                    var clr = property.ClrType;
                    bool sameClr = storedClr.IsKnown && clr.ArrayRank == storedClr.ArrayRank && (clr.Kind == ClrKind.Enum ? clr.EnumUnderlying : clr.Kind) == (storedClr.Kind == ClrKind.Enum ? storedClr.EnumUnderlying : storedClr.Kind);
                    string storedDisplay = declared?.ClrType ?? OwnedClrType(snapshot, other) ?? "?";
                    string now = sameClr ? current + StoreTypeSource(entity, property)
                        : Display(property) + (property.Converted ? " stored as " + current + " (HasConversion)" : " (" + current + ")");
                    string was = sameClr ? stored! : storedDisplay + " (" + stored + ")";
                    if (nullChanged)
                    {
                        now += " and " + nowNull;
                        was += " and " + wasNull;
                    }

                    Report(
                        PendingChangeKind.ColumnTypeChanged,
                        Named(entity, property) + " is " + now + " in the code but " + was + " " + InSnapshot,
                        property.Converted ? "store it as " + stored + " again"
                            : sameClr ? RevertSize(current!, stored!) + (nullChanged ? " and make it " + wasNull + " again" : string.Empty)
                            : "change it back to " + storedDisplay,
                        entity.Type,
                        property,
                        at,
                        new ChangeSides(property.Name, TableName(entity), ColumnName(entity, property), now, was));
                }

                /// <summary>
                /// The column of a public property with a getter, declared in a referenced assembly, that the snapshot maps and whose
                /// setter the assembly does not show (a private one): as the static reading maps columns; null for anything else.
                /// </summary>
                private PropertyMapping? HiddenSetter(EntityMapping entity, PropertyMapping column)
                {
                    var property = column.Property;
                    if (Owned(column) || property.IsShadow || property.HasSetter || !property.IsPublic || !property.HasGetter || property.IsStatic || property.IsExplicit
                        || builder.index.Contains(property.Location) || IsFramework(property.ContainingKey) || property.Attribute(Facts.NotMappedAttribute) != null)
                    {
                        return null;
                    }

                    PropertyFluent? configured = null;
                    if (fluent.Entities.TryGetValue(entity.TypeKey, out var own) && (own.Ignored.Contains(property.Name) || (own.Properties.TryGetValue(property.Name, out configured) && configured.NotAnalyzed != null)))
                    {
                        return null;
                    }

                    return builder.MapColumn(property, entity.Convention, configured, entity.Type.Location);
                }

                /// <summary>How a property the snapshot maps is gone from the code's model, where the reading is sure of it; else null.</summary>
                private string? RemovedHow(EntityMapping entity, PropertyMapping property, HashSet<string> special)
                {
                    if (special.Contains(property.Name) || IsFramework(property.Property.ContainingKey))
                    {
                        return null;
                    }

                    if (!property.Property.IsShadow)
                    {
                        fluent.Entities.TryGetValue(entity.TypeKey, out var own);
                        return property.Property.Attribute(Facts.NotMappedAttribute) != null ? "the code marks it [NotMapped]"
                            : own != null && own.Ignored.Contains(property.Name) ? "the code ignores it (Ignore)"
                            : null;
                    }

                    // No CLR property of that name: gone, unless the configuration maps a field, a shadow or an indexer property by name,
                    // or a property the static reading does not map may hold the column (a field renamed to a property whose private
                    // setter a referenced assembly does not show: EF Core maps it, onto the same column).
                    for (var type = entity.Type; type != null; type = type.BaseType)
                    {
                        if (fluent.Entities.TryGetValue(type.Key, out var configured)
                            && (configured.NamedProperties.Contains(property.Name) || configured.NamedPropertiesUnknown))
                        {
                            return null;
                        }

                        foreach (var member in type.Properties)
                        {
                            if (!member.IsStatic && (string.Equals(member.Name, property.Column, StringComparison.OrdinalIgnoreCase) || entity.Convention.Rewrite(member.Name) == property.Column))
                            {
                                return null;
                            }
                        }
                    }

                    return "the class no longer has it";
                }

                /// <summary>
                /// The snapshot entity's properties that no CLR property needs to show, and whose nullability is not the property's:
                /// its keys, discriminator and, where a relationship may be made required ([Required] or IsRequired on it), foreign keys.
                /// </summary>
                private HashSet<string> NotCompared(EntityMapping entity, EntityMapping snapshot)
                {
                    var names = new HashSet<string>(StringComparer.Ordinal);
                    var foreignKeys = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var key in snapshot.KeyProperties)
                    {
                        names.Add(key.Property.Name);
                    }

                    int depth = 0;
                    for (var declared = SnapshotEntityOf(snapshot); declared != null && depth++ < 32; declared = declared.BaseType != null && snapshotEntities.TryGetValue(declared.BaseType, out var baseEntity) ? baseEntity : null)
                    {
                        names.UnionWith(declared.Key);
                        names.UnionWith(declared.OwnerForeignKey);
                        if (declared.Discriminator != null)
                        {
                            names.Add(declared.Discriminator);
                        }

                        foreach (var foreignKey in declared.ForeignKeys)
                        {
                            if (foreignKey.Dependent == null || foreignKey.Dependent == snapshot.MigrationsName)
                            {
                                foreignKeys.UnionWith(foreignKey.Properties);
                            }
                        }
                    }

                    // One-to-one relationships declared on the other side name this entity as their dependent.
                    if (snapshot.MigrationsName != null && namedDependents.TryGetValue(snapshot.MigrationsName, out var named))
                    {
                        foreignKeys.UnionWith(named);
                    }

                    if (RelationshipMayBeRequired(entity) || foreignKeys.Count == 0)
                    {
                        names.UnionWith(foreignKeys);
                    }
                    else
                    {
                        // A foreign key is nullable exactly when its property is: compared, as long as the CLR property exists.
                        foreach (var name in foreignKeys)
                        {
                            if (entity.Find(name) is not { } property || property.Property.IsShadow || property.Property.Name != name)
                            {
                                names.Add(name);
                            }
                        }
                    }

                    return names;
                }

                /// <summary>
                /// Whether a relationship of the entity may be required whatever its foreign key's type: made so by IsRequired or by
                /// [Required] on a navigation (a non-nullable reference navigation does not make a nullable foreign key required).
                /// </summary>
                private bool RelationshipMayBeRequired(EntityMapping entity)
                {
                    for (var type = entity.Type; type != null; type = type.BaseType)
                    {
                        if (fluent.Entities.TryGetValue(type.Key, out var configured) && configured.RequiredRelationship)
                        {
                            return true;
                        }

                        foreach (var member in type.Properties)
                        {
                            if (!member.IsStatic && member.Attribute(Facts.RequiredAttribute) != null && !Facts.Classify(member.Type, builder.source).IsKnown)
                            {
                                return true;
                            }
                        }
                    }

                    return false;
                }

                /// <summary>The column type EF Core gives the property now: the one declared, else the provider's default for its type and size; null when not sure.</summary>
                private string? CodeStoreType(EntityMapping entity, PropertyMapping property)
                {
                    if (fluent.Entities.TryGetValue(entity.TypeKey, out var own) && own.Properties.TryGetValue(property.Name, out var configured) && configured.StoreTypeUnknown != null)
                    {
                        return null;
                    }

                    if (DeclaredStoreType(property) is { } declared)
                    {
                        return declared;
                    }

                    var type = property.Property.Type.NullableOf ?? property.Property.Type;
                    if (property.ClrType.Kind == ClrKind.Enum && !property.Converted && enums.ContainsKey(type.Key))
                    {
                        // A PostgreSQL enum: its name is compared by DRIFT001, not derived here.
                        return null;
                    }

                    var facet = Facet(property);
                    return DefaultStoreType(property.ClrType, (facet?.IsLength == true ? facet.Size : null, facet?.IsLength == false ? facet.Size : null, facet?.Scale));
                }

                /// <summary>[Column(TypeName = "...")] or HasColumnType; for an owned type's property (which the static reading maps without them), its attribute.</summary>
                private static string? DeclaredStoreType(PropertyMapping property)
                    => Owned(property) ? property.Property.Attribute(Facts.ColumnAttribute)?.Named("TypeName") as string : property.DeclaredStoreType;

                /// <summary>The declared maximum length or precision; for an owned type's property, read from its attributes.</summary>
                private static DeclaredFacet? Facet(PropertyMapping property)
                    => Owned(property) ? Builder.Facet(property.Property, null, DeclaredStoreType(property)) : property.Facet;

                /// <summary>Where the code states what makes its column type: " (HasColumnType)", " ([MaxLength])", or nothing.</summary>
                private string StoreTypeSource(EntityMapping entity, PropertyMapping property)
                {
                    if (DeclaredStoreType(property) != null)
                    {
                        return fluent.Entities.TryGetValue(entity.TypeKey, out var own) && own.Properties.TryGetValue(property.Name, out var configured) && configured.ColumnType != null
                            ? " (HasColumnType)"
                            : " ([Column(TypeName)])";
                    }

                    return Facet(property) is { } facet ? " (" + facet.Source + ")" : string.Empty;
                }

                /// <summary>How to give the column its snapshot type again, said in the terms the code uses for sizes.</summary>
                private static string RevertSize(string current, string stored)
                {
                    var now = PostgresType.Parse(current).Kind;
                    var was = PostgresType.Parse(stored).Kind;
                    var size = Typmod(stored);
                    if (now == PgKind.Text && was == PgKind.Text)
                    {
                        return size is { } length ? "give it a maximum length of " + length.Size.ToString(System.Globalization.CultureInfo.InvariantCulture) + " again" : "remove its maximum length";
                    }

                    if (now == PgKind.Numeric && was == PgKind.Numeric)
                    {
                        return size is { } precision
                            ? "give it a precision of " + precision.Size.ToString(System.Globalization.CultureInfo.InvariantCulture) + (precision.Scale is int scale ? ", scale " + scale.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty) + " again"
                            : "remove its precision";
                    }

                    return "change its column type back to " + stored;
                }

                /// <summary>Npgsql's column type for a CLR type and its declared size, where the analyzers know it; null otherwise.</summary>
                private static string? DefaultStoreType(ClrType clr, (int? MaxLength, int? Precision, int? Scale) sizes)
                {
                    int? maxLength = sizes.MaxLength, precision = sizes.Precision, scale = sizes.Scale;
                    if (!clr.IsKnown || (clr.Kind == ClrKind.Enum && clr.EnumUnderlying == ClrKind.Unknown))
                    {
                        return null;
                    }

                    if (maxLength is int length)
                    {
                        return clr.Kind == ClrKind.String && clr.ArrayRank == 0 ? "character varying(" + length.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")" : null;
                    }

                    if (precision is int size)
                    {
                        return clr.Kind == ClrKind.Decimal && clr.ArrayRank == 0
                            ? "numeric(" + size.ToString(System.Globalization.CultureInfo.InvariantCulture) + (scale is int s ? "," + s.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty) + ")"
                            : null;
                    }

                    return TypeCompatibility.DefaultStoreType(clr);
                }

                /// <summary>The sizes the snapshot states for a column (HasMaxLength, HasPrecision).</summary>
                private static (int? MaxLength, int? Precision, int? Scale) SnapshotFacets(PropertyMapping column)
                {
                    var facet = column.Facet;
                    return (facet?.IsLength == true ? facet.Size : null, facet?.IsLength == false ? facet.Size : null, facet?.Scale);
                }

                /// <summary>The T of an owned type's Property&lt;T&gt; in the snapshot, for a column of <paramref name="snapshot"/>'s owned types.</summary>
                private string? OwnedClrType(EntityMapping snapshot, PropertyMapping column)
                {
                    if (!Owned(column) || SnapshotEntityOf(snapshot) is not { } entity)
                    {
                        return null;
                    }

                    var path = column.Name.Split('.');
                    for (int i = 0; i < path.Length - 1 && entity != null; i++)
                    {
                        SnapshotEntity? next = null;
                        foreach (var owned in entity.Owned)
                        {
                            if (owned.Navigation == path[i])
                            {
                                next = owned;
                            }
                        }

                        entity = next;
                    }

                    return entity?.Find(path[path.Length - 1])?.ClrType;
                }

                /// <summary>The snapshot's Property&lt;T&gt;("name") for the entity, or one of its base types' (table per type, per concrete type).</summary>
                private SnapshotProperty? SnapshotProperty(EntityMapping snapshot, string name)
                {
                    int depth = 0;
                    for (var entity = SnapshotEntityOf(snapshot); entity != null && depth < 32; depth++)
                    {
                        if (entity.Find(name) is { InOtherTable: false } property)
                        {
                            return property;
                        }

                        entity = entity.BaseType != null && snapshotEntities.TryGetValue(entity.BaseType, out var baseEntity) ? baseEntity : null;
                    }

                    return null;
                }

                /// <summary>The column of the snapshot entity's own property of that name, or null.</summary>
                private static string? ColumnOf(EntityMapping snapshot, string name)
                {
                    foreach (var property in snapshot.Properties)
                    {
                        if (property.Name == name && property.Property.Name == name)
                        {
                            return property.Column;
                        }
                    }

                    return null;
                }

                /// <summary>[Column("name")] or HasColumnName("name").</summary>
                private string? ExplicitColumn(EntityMapping entity, PropertyMapping property)
                {
                    if (fluent.Entities.TryGetValue(entity.TypeKey, out var own) && own.Properties.TryGetValue(property.Name, out var configured) && configured.Column != null)
                    {
                        return configured.Column;
                    }

                    return property.Property.Attribute(Facts.ColumnAttribute) is { Arguments.Length: 1 } column && column.Arguments[0] is string name ? name : null;
                }

                /// <summary>The property's column where the code's name for it is sure (given, or the snapshot follows the code's convention), else null.</summary>
                private string? ColumnName(EntityMapping entity, PropertyMapping property)
                    => ExplicitColumn(entity, property) != null || namesAgree ? property.Column : null;

                /// <summary>"column Name" where the code's name for it is sure, else null.</summary>
                private string? ColumnText(EntityMapping entity, PropertyMapping property)
                    => ColumnName(entity, property) is { } column ? "column " + column : null;

                /// <summary>A CLR property of the entity's own (not an owned type's column, not a shadow one), declared outside ASP.NET Core Identity and the framework.</summary>
                private static bool Comparable(PropertyMapping property)
                    => property.Name == property.Property.Name && !property.Property.IsShadow && !IsFramework(property.Property.ContainingKey);

                /// <summary>A column of an owned type in its owner's table: <c>Navigation.Property</c>.</summary>
                private static bool Owned(PropertyMapping property) => property.Name != property.Property.Name && property.Name.IndexOf('.') > 0;

                private static string Navigation(PropertyMapping property) => property.Name.Substring(0, property.Name.LastIndexOf('.'));

                private static string Last(string name) => name.Substring(name.LastIndexOf('.') + 1);

                private static string Display(PropertyMapping property) => property.TypeDisplay ?? property.Property.Type.Display;

                /// <summary>"Property 'Entity.Name'", as the messages begin.</summary>
                private static string Named(EntityMapping entity, PropertyMapping property) => "Property '" + entity.Name + "." + property.Name + "'";
            }
        }
    }
}
