import Foundation
import Testing
import TandemContracts

@Suite struct CostTests {
    @Test func cost_per_handled_contact_and_per_resolution_round_half_even() throws {
        // 238,763.36 ÷ 51,000 = 4.68163… → 4.68
        let perContact = try UnitCost(.handledContact, cost: Fixture.dec("238763.36"), count: 51_000)
        #expect(perContact.perUnit == Fixture.dec("4.68") && perContact.explanation == "238763.36 ÷ 51000 handled contacts = 4.68")
        // 10.25 ÷ 2 = 5.125 → half-even 5.12
        #expect(try UnitCost(.resolution, cost: Fixture.dec("10.25"), count: 2).perUnit == Fixture.dec("5.12"))
        #expect(try UnitCost(.resolution, cost: 500, count: 0).perUnit == nil)
        #expect(throws: ContractInputError("count", "must not be negative")) { try UnitCost(.resolution, cost: 500, count: -1) }
    }

    @Test func the_in_house_fully_loaded_cost_per_fte_month() throws {
        let inHouse = FullyLoadedCost(salary: 3_800, benefitsLoad: Percent(28), facilities: 450, technology: 275, managementOverhead: 600)
        // 3,800 × 1.28 = 4,864 + 450 + 275 + 600 = 6,189.00
        #expect(inHouse.perFTEMonth.amount == Decimal(3_800) * Fixture.dec("1.28") + 450 + 275 + 600)
        let month = try inHouse.monthlyCost(fte: Fixture.dec("42.5"))
        #expect(month.amount == Fixture.dec("42.5") * 6_189)                    // 263,032.50
        let perContact = try UnitCost(.handledContact, cost: month.amount, count: 60_000)
        #expect(perContact.perUnit == Fixture.dec("4.38"))                       // 263,032.50 ÷ 60,000 = 4.3838… → 4.38
        let negative = FullyLoadedCost(salary: -1, benefitsLoad: Percent(28), facilities: 0, technology: 0, managementOverhead: 0)
        #expect(throws: ContractInputError("salary", "must not be negative")) { try negative.monthlyCost(fte: 1) }
    }
}

@Suite struct DocumentContentTests {
    /// Written by Python's zipfile (deflated entries): [Content_Types].xml, _rels/.rels, word/document.xml.
    static let docx = Array(Data(base64Encoded: "UEsDBBQAAAAIAPNag13GEnoHrAAAAPEAAAATAAAAW0NvbnRlbnRfVHlwZXNdLnhtbF2Puw7CMAxFf6XKihoXBgaUlIEdGPgBK3HbiOahJBT4exKQOjBax/dcWxxfdm4Wisl4J9mWd+zYi9s7UGoKcUmyKedwAEhqIouJ+0CukMFHi7mMcYSA6o4jwa7r9qC8y+Rym6uD9eJS5NFoaq4Y8xktSQZPHzVorx62bPJiY83pF6vNkmEIs1GYy02wOP3X2fphMIrWfLWF6BWlZNxoZ74Si8Ztqh56Ad+n+g9QSwMEFAAAAAgA81qDXYLZHNUSAAAAEAAAAAsAAABfcmVscy8ucmVsc7MJSs1JLMnMzyvOyCwo1rcDAFBLAwQUAAAACADzWoNdO09qE34AAACrAAAAEQAAAHdvcmQvZG9jdW1lbnQueG1sRc5LDgIhDAbgq5A5gJ24cEGQG3gIhMqQDI+0VfT2wrhw8zXNnz5M16H6Z8Yi6p33wrpfl02kaQD2G2bHp9qwjOxRKTsZLUXolUKj6pE5lZh3OK/rBbJLZbGm63sNn1nbhCZib44FSTHSK4055SIhzrsGZjylw3b4WwH/9+wXUEsBAhQDFAAAAAgA81qDXcYSegesAAAA8QAAABMAAAAAAAAAAAAAAIABAAAAAFtDb250ZW50X1R5cGVzXS54bWxQSwECFAMUAAAACADzWoNdgtkc1RIAAAAQAAAACwAAAAAAAAAAAAAAgAHdAAAAX3JlbHMvLnJlbHNQSwECFAMUAAAACADzWoNdO09qE34AAACrAAAAEQAAAAAAAAAAAAAAgAEYAQAAd29yZC9kb2N1bWVudC54bWxQSwUGAAAAAAMAAwC5AAAAxQEAAAAA")!)
    /// A ZIP holding only notes.txt: an archive, not a Word document.
    static let plainZip = Array(Data(base64Encoded: "UEsDBBQAAAAIAPNag12GphA2BwAAAAUAAAAJAAAAbm90ZXMudHh0y0jNyckHAFBLAQIUAxQAAAAIAPNag12GphA2BwAAAAUAAAAJAAAAAAAAAAAAAACAAQAAAABub3Rlcy50eHRQSwUGAAAAAAEAAQA3AAAALgAAAAAA")!)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]

    @Test func each_kind_is_recognised_by_its_bytes() throws {
        #expect(try DocumentContent.check(Array("%PDF-1.7\n%âãÏÓ\n".utf8), fileName: "MSA v2.PDF") == .pdf)
        #expect(try DocumentContent.check(Self.png, fileName: "org-chart.png") == .png)
        #expect(try DocumentContent.check([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], fileName: "site.jpg") == .jpeg)
        #expect(try DocumentContent.check(Self.docx, fileName: "amendment.docx") == .docx)
        #expect(try DocumentContent.check(Array("\u{FEFF}Rates, 2026\n\tvoice 24.50\r\n".utf8), fileName: "rates.txt") == .text)
    }

    @Test func a_document_that_is_not_what_its_name_says_is_refused() {
        #expect(throws: ContractInputError("file", "the name says .pdf but the content is a PNG image")) { try DocumentContent.check(Self.png, fileName: "contract.pdf") }
        #expect(throws: ContractInputError("file", "content is not a PDF, PNG, JPEG, Word (.docx) or plain-text document")) {
            try DocumentContent.check(Self.plainZip, fileName: "contract.docx")
        }
        #expect(throws: ContractInputError("file", "content is not a PDF, PNG, JPEG, Word (.docx) or plain-text document")) {
            try DocumentContent.check([0x4D, 0x5A, 0x90, 0x00, 0x03], fileName: "readme.txt")   // an executable's header
        }
        #expect(throws: ContractInputError("file_name", "must end in one of .pdf, .png, .jpg, .jpeg, .docx, .txt, .csv, .md")) {
            try DocumentContent.check(Array("%PDF-1.4".utf8), fileName: "contract.exe")
        }
        #expect(throws: ContractInputError("file", "is 11 bytes, more than the limit of 10 bytes")) {
            try DocumentContent.check(Array("%PDF-1.4 ab".utf8), fileName: "a.pdf", maxBytes: 10)
        }
        #expect(throws: ContractInputError("file", "is empty")) { try DocumentContent.check([], fileName: "a.pdf") }
    }
}
