using Ledger.Models;
using Microsoft.EntityFrameworkCore;

namespace Ledger.Data;

public sealed class LedgerContext : DbContext
{
    public LedgerContext(DbContextOptions<LedgerContext> options) : base(options) { }

    public DbSet<Account> Accounts { get; set; } = default!;
    public DbSet<Currency> Currencies { get; set; } = default!;
    public DbSet<JournalEntry> JournalEntries { get; set; } = default!;
    public DbSet<AuditLog> AuditLogs { get; set; } = default!;

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
        => optionsBuilder.UseSnakeCaseNamingConvention();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Account>(entity =>
        {
            entity.HasIndex(a => a.Number).IsUnique();
            entity.Property(a => a.Number).HasMaxLength(20);
            entity.Property(a => a.Balance).HasColumnType("numeric(18,2)");
            entity.HasOne(a => a.Currency).WithMany().HasForeignKey(a => a.CurrencyCode);
        });

        modelBuilder.Entity<JournalEntry>(entity =>
        {
            entity.OwnsMany(e => e.Lines, lines =>
            {
                lines.ToTable("journal_lines");
                lines.Property(l => l.Amount).HasPrecision(18, 2);
            });
        });

        modelBuilder.Entity<AuditLog>().Property(l => l.Action).HasConversion<string>();

        // Every table has created_at/updated_at: let the database fill them on insert.
        foreach (var entityType in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entityType.GetProperties())
            {
                if (property.ClrType == typeof(DateTime) && property.Name is "CreatedAt" or "UpdatedAt")
                {
                    property.SetDefaultValueSql("now()");
                }
            }
        }
    }
}
