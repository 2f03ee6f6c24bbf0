using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Ledger.Data;

internal sealed class LedgerContextFactory : IDesignTimeDbContextFactory<LedgerContext>
{
    public LedgerContext CreateDbContext(string[] args)
        => new(new DbContextOptionsBuilder<LedgerContext>()
            .UseNpgsql(Environment.GetEnvironmentVariable("LEDGER_DATABASE") ?? "Host=localhost;Database=ledger")
            .Options);
}
