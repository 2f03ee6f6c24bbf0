//------------------------------------------------------------------------------
// This file is generated from iso4217.xml by CurrencyCodes.tt. Do not edit.
//------------------------------------------------------------------------------
#nullable disable
using System.ComponentModel.DataAnnotations;

namespace Ledger.Models
{
    public partial class Currency
    {
        [Key]
        [StringLength(3)]
        public string Code { get; set; }

        public string Name { get; set; }

        public short MinorUnits { get; set; }
    }
}
