#!/usr/bin/python3
"""Reads a PDF's structure tree and content streams (pikepdf) and reports what the PDF/UA-1 rules this
project checks by machine need to know (the rule ids are veraPDF's, /work/shared/pdfua/PDFUA-1.xml;
the test file tests/standards.test.ts makes the assertions).

usage: pdfua_check.py FILE.pdf     prints one JSON object
"""
import json
import re
import sys
import pikepdf

PAINT = {'S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'n', 'Tj', 'TJ', "'", '"', 'Do', 'sh', 'BI', 'INLINE IMAGE'}


def name(x):
    return str(x)[1:] if x is not None else None


def scope_of(node):
    a = node.get('/A')
    for d in (list(a) if isinstance(a, pikepdf.Array) else [a] if a is not None else []):
        if isinstance(d, pikepdf.Dictionary) and '/Scope' in d:
            return name(d.Scope)
    return None


def struct_tree(pdf):
    """Elements in logical (tree) order: type, alt, depth, page index, MCIDs, and the kids' types."""
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    out = []
    root = pdf.Root.get('/StructTreeRoot')
    if root is None:
        return out, pages
    rolemap = root.get('/RoleMap', {})

    def walk(node, depth, page):
        """Appends the subtree's elements; returns the first page its content is on."""
        if not isinstance(node, pikepdf.Dictionary):
            return None
        if '/Pg' in node:
            page = pages.get(node.Pg.objgen, page)
        k = node.get('/K')
        kids = [] if k is None else (list(k) if isinstance(k, pikepdf.Array) else [k])
        s = node.get('/S')
        entry = None
        if s is not None:
            t = name(s)
            entry = {'type': name(rolemap[s]) if s in rolemap else t, 'alt': str(node.Alt) if '/Alt' in node else None,
                     'actualText': '/ActualText' in node, 'scope': scope_of(node), 'depth': depth, 'page': page, 'mcids': [], 'kids': []}
            out.append(entry)
        first = None
        for c in kids:
            if isinstance(c, int):
                if entry is not None:
                    entry['mcids'].append([page, int(c)])
                first = first if first is not None else page
            elif isinstance(c, pikepdf.Dictionary) and name(c.get('/Type')) == 'MCR':
                pg = pages.get(c.Pg.objgen, page) if '/Pg' in c else page
                if entry is not None:
                    entry['mcids'].append([pg, int(c.MCID)])
                first = first if first is not None else pg
            elif isinstance(c, pikepdf.Dictionary):
                if entry is not None and '/S' in c:
                    entry['kids'].append(name(rolemap[c.S]) if c.S in rolemap else name(c.S))
                sub = walk(c, depth + 1, page)
                first = first if first is not None else sub
        if entry is not None and first is not None:
            entry['page'] = first
        return first

    walk(root, 0, None)
    return out, pages


def content_marks(pdf):
    """Per page: painting operators outside any marked content, the MCIDs drawn, artifact count."""
    pages = []
    for i, page in enumerate(pdf.pages):
        untagged = {}
        mcids = []
        artifacts = 0
        text_in_artifacts = 0
        nested = 0  # Artifact inside tagged content or tagged content inside an Artifact (7.1-1, 7.1-2)

        def scan(obj, stack, seen):
            nonlocal artifacts, text_in_artifacts, nested
            for operands, op in pikepdf.parse_content_stream(obj):
                o = str(op)
                if o in ('BDC', 'BMC'):
                    tag = name(operands[0])
                    mcid = None
                    if o == 'BDC' and isinstance(operands[1], pikepdf.Dictionary) and '/MCID' in operands[1]:
                        mcid = int(operands[1].MCID)
                        mcids.append(mcid)
                    if tag == 'Artifact':
                        artifacts += 1
                        if any(m is not None for _, m in stack):
                            nested += 1
                    if mcid is not None and any(t == 'Artifact' for t, _ in stack):
                        nested += 1
                    stack.append((tag, mcid))
                elif o == 'EMC':
                    if stack:
                        stack.pop()
                elif o in PAINT:
                    marked = any(t == 'Artifact' or m is not None for t, m in stack)
                    if not marked:
                        untagged[o] = untagged.get(o, 0) + 1
                    elif o in ('Tj', 'TJ', "'", '"') and any(t == 'Artifact' for t, _ in stack):
                        text_in_artifacts += 1
                    if o == 'Do':
                        xo = obj_resources(obj).get('/XObject', {}).get(operands[0]) if obj_resources(obj) is not None else None
                        if xo is not None and name(xo.get('/Subtype')) == 'Form' and xo.objgen not in seen:
                            scan(xo, list(stack), seen | {xo.objgen})

        def obj_resources(obj):
            return obj.get('/Resources') if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)) else None

        scan(page.obj, [], frozenset())
        pages.append({'untagged': untagged, 'mcids': mcids, 'artifacts': artifacts, 'textInArtifacts': text_in_artifacts, 'nested': nested})
    return pages


def main():
    pdf = pikepdf.open(sys.argv[1])
    root = pdf.Root
    xmp = None
    if '/Metadata' in root:
        xmp = root.Metadata.read_bytes().decode('utf-8', 'replace')
    prefs = root.get('/ViewerPreferences', {})
    elements, _ = struct_tree(pdf)
    report = {
        'pages': len(pdf.pages),
        'xmp': xmp,
        'lang': str(root.Lang) if '/Lang' in root else None,
        'marked': bool(root.get('/MarkInfo', {}).get('/Marked', False)),
        'displayDocTitle': bool(prefs.get('/DisplayDocTitle', False)),
        'infoTitle': str(pdf.docinfo.get('/Title')) if '/Title' in pdf.docinfo else None,
        'tabsS': all(name(p.obj.get('/Tabs')) == 'S' for p in pdf.pages),
        'elements': elements,
        'content': content_marks(pdf),
    }
    print(json.dumps(report))


main()
