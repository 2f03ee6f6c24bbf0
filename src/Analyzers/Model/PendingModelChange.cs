using DriftAnalyzers.Model.Migrations;

namespace DriftAnalyzers.Model
{
    /// <summary>What kind of difference between the code's model and the migrations' model snapshot a change is.</summary>
    internal enum PendingChangeKind
    {
        EntityAdded,
        EntityRemoved,
        TableRenamed,
        KeyChanged,
        PropertyAdded,
        PropertyRemoved,
        PropertyRenamed,
        ColumnRenamed,
        ColumnTypeChanged,
        NullabilityChanged,
    }

    /// <summary>
    /// One fact on which the code's mapping and its context's latest migrations model snapshot disagree (DRIFT014): the
    /// next <c>dotnet ef migrations add</c> would write a migration for it. Found only where the static reading of the code
    /// is sure of the fact.
    /// </summary>
    internal sealed class PendingModelChange
    {
        public PendingModelChange(PendingChangeKind kind, string fact, string revert, FileSpan location, string reportingKey, FileSpan snapshotLocation, MigrationsModel snapshot, TypeFacts context)
        {
            Kind = kind;
            Fact = fact;
            Revert = revert;
            Location = location;
            ReportingKey = reportingKey;
            SnapshotLocation = snapshotLocation;
            Snapshot = snapshot;
            Context = context;
        }

        public PendingChangeKind Kind { get; }

        /// <summary>Both sides, named: <c>Property 'Blog.Rating' is long? (bigint) in the code but int? (integer) in the migrations' model snapshot ...</c>.</summary>
        public string Fact { get; }

        /// <summary>The other way to resolve it: <c>change it back to int?</c>.</summary>
        public string Revert { get; }

        /// <summary>Where the diagnostic goes: the property's or entity's declaration, else the snapshot's line, else the context.</summary>
        public FileSpan Location { get; }

        /// <summary>The key of the type whose symbol action reports it (the one that declares <see cref="Location"/>).</summary>
        public string ReportingKey { get; }

        /// <summary>Where the model snapshot states the other side (none when the snapshot's side is absence).</summary>
        public FileSpan SnapshotLocation { get; }

        public MigrationsModel Snapshot { get; }

        /// <summary>The context whose model changed: the migration is added for it.</summary>
        public TypeFacts Context { get; }

        /// <summary>The entity's name, for the report.</summary>
        public string Entity { get; internal set; } = string.Empty;

        /// <summary>The property's name (<c>Navigation.Property</c> for an owned type's), or null for the entity itself.</summary>
        public string? Property { get; internal set; }

        /// <summary><c>schema.table</c>, where the code's name for it is sure, or null.</summary>
        public string? Table { get; internal set; }

        /// <summary>The column, where its name is sure, or null.</summary>
        public string? Column { get; internal set; }

        /// <summary>What the code says (<c>long? (bigint)</c>, <c>column town</c>, <c>in ShopContext's model</c>).</summary>
        public string Code { get; internal set; } = string.Empty;

        /// <summary>What the migrations' model snapshot says.</summary>
        public string Migrations { get; internal set; } = string.Empty;
    }

    /// <summary>The two sides of a change, for the report's columns: what changed, and what the code and the migrations say.</summary>
    internal readonly struct ChangeSides
    {
        public ChangeSides(string? property, string? table, string? column, string code, string migrations)
        {
            Property = property;
            Table = table;
            Column = column;
            Code = code;
            Migrations = migrations;
        }

        public string? Property { get; }

        public string? Table { get; }

        public string? Column { get; }

        public string Code { get; }

        public string Migrations { get; }
    }
}
