namespace Ledger.Models;

public enum AuditAction
{
    Created,
    Updated,
    Deleted,
}

public class AuditLog
{
    public long Id { get; set; }
    public string EntityName { get; set; } = "";
    public string EntityId { get; set; } = "";
    public AuditAction Action { get; set; }
    public string? ChangedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}
