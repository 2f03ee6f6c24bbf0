using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CleanArch.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddCustomerPhoneAndShippingNote : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "shipping_note",
                schema: "shop",
                table: "orders",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "phone_number",
                schema: "shop",
                table: "customers",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "shipping_note",
                schema: "shop",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "phone_number",
                schema: "shop",
                table: "customers");
        }
    }
}
