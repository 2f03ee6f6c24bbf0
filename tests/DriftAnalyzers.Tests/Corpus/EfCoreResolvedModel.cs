using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DriftAnalyzers.Tests.ProjectCorpus
{
    /// <summary>
    /// One column of EF Core's own model of a corpus context, as EF Core resolved it: for every entity type (owned types,
    /// join entities of skip navigations and TPH/TPT derived types included) and every property it maps (inherited,
    /// shadow and complex-type properties included), one row per table or view the property is mapped to.
    /// </summary>
    /// <param name="Context">Full name of the context type.</param>
    /// <param name="EntityType">EF Core's entity type name (the CLR full name, or the shared-type name of a join entity).</param>
    /// <param name="ClrType">Full name of the entity's CLR type.</param>
    /// <param name="Property">The property's name; a complex type's property is "Complex.Property".</param>
    /// <param name="PropertyClrType">Full name of the property's CLR type.</param>
    /// <param name="IsShadow">A shadow property (no CLR member).</param>
    /// <param name="IsView">Mapped to a view (ToView), not a table.</param>
    /// <param name="Schema">The table's schema (null: the default one).</param>
    /// <param name="StoreType">GetColumnType() for that table.</param>
    /// <param name="IsPrimaryKey">Part of the entity's primary key (every part of a composite key).</param>
    internal sealed record EfCoreColumn(
        string Context,
        string EntityType,
        string ClrType,
        string Property,
        string PropertyClrType,
        bool IsShadow,
        bool IsView,
        string? Schema,
        string Table,
        string Column,
        string StoreType,
        bool IsNullable,
        bool IsPrimaryKey,
        bool IsExcludedFromMigrations);

    /// <summary>EF Core's resolved model per context of a corpus project (for the EF Core agreement check).</summary>
    internal static class EfCoreResolvedModel
    {
        /// <summary>Context type name → its columns, for every context of <paramref name="project"/> EF Core can build a model for.</summary>
        public static async Task<IReadOnlyDictionary<string, IReadOnlyList<EfCoreColumn>>> ForProjectAsync(CorpusProject project)
        {
            var state = await CorpusWorkspace.GetAsync(project);
            var result = new Dictionary<string, IReadOnlyList<EfCoreColumn>>(StringComparer.Ordinal);
            if (project.ModelRejected)
            {
                return result;
            }

            foreach (var context in project.Contexts)
            {
                // No connection is opened: building the model needs none.
                using var db = state.CreateContext(context, CorpusServer.Server.ConnectionString(project.DatabaseName));
                result[context.TypeName] = Resolve(db);
            }

            return result;
        }

        /// <summary>
        /// The columns of <paramref name="context"/>'s model. Read from the design-time model
        /// (<see cref="IDesignTimeModel"/>, what migrations use): <c>context.Model</c> is the read-optimized runtime model, which
        /// keeps only what queries and saves need; its relational model (GetRelationalModel()) is the same for tables and columns.
        /// </summary>
        public static IReadOnlyList<EfCoreColumn> Resolve(DbContext context)
        {
            var model = context.GetService<IDesignTimeModel>().Model;
            var rows = new List<EfCoreColumn>();
            string contextName = context.GetType().FullName!;
            foreach (var entityType in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                var properties = entityType.GetProperties().Select(p => (Name: p.Name, Property: p))
                    .Concat(ComplexProperties(entityType.GetComplexProperties(), ""));
                foreach (var (name, property) in properties)
                {
                    foreach (var mapping in property.GetTableColumnMappings())
                    {
                        rows.Add(Row(contextName, entityType, name, property, mapping.Column, isView: false, mapping.Column.Table.IsExcludedFromMigrations));
                    }

                    foreach (var mapping in property.GetViewColumnMappings())
                    {
                        rows.Add(Row(contextName, entityType, name, property, mapping.Column, isView: true, excluded: true));
                    }
                }
            }

            return rows;
        }

        private static IEnumerable<(string Name, IProperty Property)> ComplexProperties(IEnumerable<IComplexProperty> complexProperties, string prefix)
        {
            foreach (var complex in complexProperties)
            {
                string path = prefix + complex.Name + ".";
                foreach (var property in complex.ComplexType.GetProperties())
                {
                    yield return (path + property.Name, property);
                }

                foreach (var nested in ComplexProperties(complex.ComplexType.GetComplexProperties(), path))
                {
                    yield return nested;
                }
            }
        }

        private static EfCoreColumn Row(string context, IEntityType entityType, string name, IProperty property, IColumnBase column, bool isView, bool excluded)
        {
            var table = column.Table;
            var store = isView ? StoreObjectIdentifier.View(table.Name, table.Schema) : StoreObjectIdentifier.Table(table.Name, table.Schema);
            return new EfCoreColumn(
                context,
                entityType.Name,
                entityType.ClrType.FullName ?? entityType.ClrType.Name,
                name,
                property.ClrType.FullName ?? property.ClrType.Name,
                property.IsShadowProperty(),
                isView,
                table.Schema,
                table.Name,
                column.Name,
                property.GetColumnType(store),
                column.IsNullable,
                property.IsPrimaryKey(),
                excluded);
        }
    }
}
