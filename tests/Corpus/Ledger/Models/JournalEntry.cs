namespace Ledger.Models;

public class JournalEntry
{
    public long Id { get; set; }
    public DateOnly BookedOn { get; set; }
    public string Description { get; set; } = "";
    public List<JournalLine> Lines { get; set; } = new();
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public class JournalLine
{
    public Guid AccountId { get; set; }
    public decimal Amount { get; set; }
    public bool IsCredit { get; set; }
}
