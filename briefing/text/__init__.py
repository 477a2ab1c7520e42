"""What every stage knows about text: dates, page furniture, sentences, words, HTML."""
